import Foundation
import Testing
@testable import Upstream

/// HTTPS against nginx with certificates made in this run: verification is always on, a CA
/// bundle per request opens the door for a private CA, and HTTP/2 is used when offered.
@Suite(.timeLimit(.minutes(2))) struct CurlClientTLSTests {
    let client = CurlClient()

    func send(_ server: TLSTestServer, host: String = "localhost", tls: UpstreamTLS) async throws(UpstreamError) -> UpstreamResponse {
        try await client.send(UpstreamRequest(url: "https://\(host):\(server.port)/api?key=CANARY", tls: tls))
    }

    func tlsReason(_ server: TLSTestServer, host: String = "localhost", tls: UpstreamTLS) async -> String? {
        do {
            _ = try await send(server, host: host, tls: tls)
            return nil
        } catch {
            guard case .tls(let reason) = error.kind else {
                Issue.record("expected a TLS failure, got \(error.kind)")
                return nil
            }
            #expect(!error.description.contains("CANARY"))
            return reason
        }
    }

    @Test func theTestCAIsAcceptedAndHTTP2IsNegotiated() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let response = try await send(server, tls: UpstreamTLS(caFile: server.caFile))
        #expect(response.status == 200)
        let fields = String(decoding: response.body, as: UTF8.self).split(separator: " ")
        #expect(fields.first == "HTTP/2.0")
        #expect(fields.last == "NONE", "no client certificate was configured")
    }

    @Test func withoutTheCAThePeerIsRejected() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let reason = try #require(await tlsReason(server, tls: UpstreamTLS()))
        #expect(reason.lowercased().contains("certificate"))
    }

    @Test func anUnrelatedCAIsRejected() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let reason = try #require(await tlsReason(server, tls: UpstreamTLS(caFile: server.otherCAFile)))
        #expect(reason.lowercased().contains("certificate"))
    }

    @Test func aNameMismatchIsRejectedEvenWithTheRightCA() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let reason = try #require(await tlsReason(server, host: "127.0.0.1", tls: UpstreamTLS(caFile: server.caFile)))
        #expect(reason.contains("127.0.0.1"))
    }

    @Test func aClientCertificateIsPresented() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let tls = UpstreamTLS(caFile: server.caFile, clientCertificateFile: server.clientCertificateFile,
                              clientKeyFile: server.clientKeyFile)
        let response = try await send(server, tls: tls)
        #expect(String(decoding: response.body, as: UTF8.self).hasSuffix(" SUCCESS"))
    }

    @Test func aMissingCABundleIsATLSFailure() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        _ = try #require(await tlsReason(server, tls: UpstreamTLS(caFile: server.directory.appendingPathComponent("absent.pem").path)))
    }

    /// Many concurrent requests share one HTTP/2 connection instead of opening one each.
    @Test func concurrentRequestsMultiplexOverOneConnection() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let client = self.client
        let tls = UpstreamTLS(caFile: server.caFile)
        let connections = try await withThrowingTaskGroup(of: Substring.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    let r = try await client.send(UpstreamRequest(url: "https://localhost:\(server.port)/m", tls: tls))
                    return String(decoding: r.body, as: UTF8.self).split(separator: " ")[1]
                }
            }
            return try await group.reduce(into: Set<Substring>()) { $0.insert($1) }
        }
        #expect(connections.count == 1)
    }
}
