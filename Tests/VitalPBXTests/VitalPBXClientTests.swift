import Foundation
import PBXCore
import Synchronization
import Testing
import Upstream
@testable import VitalPBX

/// Records what the client sends and answers from a script; lets the tests see exactly
/// which requests leave (and that none do for refused input).
final class RecordingTransport: UpstreamTransport {
    struct Sent: Sendable { var method: String; var url: String; var headers: [String: String]; var body: String?; var timeout: Duration }
    private let state = Mutex<(sent: [Sent], reply: @Sendable (UpstreamRequest) throws(UpstreamError) -> UpstreamResponse)>(
        ([], { _ throws(UpstreamError) in UpstreamResponse(status: 200, body: Array(#"{"status":"success","data":[]}"#.utf8)) }))

    func reply(_ f: @escaping @Sendable (UpstreamRequest) throws(UpstreamError) -> UpstreamResponse) { state.withLock { $0.reply = f } }
    func reply(status: Int, _ body: String) { reply { _ throws(UpstreamError) in UpstreamResponse(status: status, body: Array(body.utf8)) } }
    var sent: [Sent] { state.withLock { $0.sent } }

    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let f = state.withLock { s in
            s.sent.append(Sent(method: request.method, url: request.url,
                               headers: Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
                               body: request.body.map { String(decoding: $0, as: UTF8.self) }, timeout: request.timeout))
            return s.reply
        }
        return try f(request)
    }
}

func context(seconds: Int = 5) -> PBXContext { PBXContext(deadline: .now + .seconds(seconds), requestID: "t") }

@Suite struct VitalPBXClientTests {
    let transport = RecordingTransport()
    let adapter: VitalPBXAdapter

    init() throws {
        adapter = try VitalPBXAdapter.make(settings: settings(apiKey: "s3cr3t-key", vendorTenant: "VitalPBX"), transport: transport,
                                           clock: SystemWallClock(), events: { _ in })
    }

    @Test func headersPathEncodingAndTimeout() async throws {
        transport.reply(status: 200, String(decoding: try Fixture.bytes("extension-by-id"), as: UTF8.self))
        let user = try await adapter.user(id: "1", context: context(seconds: 5))
        #expect(user.id == "1")
        _ = try? await adapter.user(id: "a b:ü", context: context())
        let sent = transport.sent
        #expect(sent.map(\.url) == ["https://pbx.example.net/api/v2/extensions/1", "https://pbx.example.net/api/v2/extensions/a%20b:%C3%BC"])
        #expect(sent[0].method == "GET")
        #expect(sent[0].headers["app-key"] == "s3cr3t-key")
        #expect(sent[0].headers["tenant"] == "VitalPBX")
        #expect(sent[0].headers["authorization"] == nil)
        #expect(sent[0].timeout <= .seconds(5) && sent[0].timeout > .seconds(3))
    }

    @Test(arguments: ["../1", "1/2", "a\u{0}b", "x\ny", "", "..", "%2e%2e", "%2F", "1?x=1", "1#f", "u@h", String(repeating: "9", count: 129)])
    func unsafeIDsNeverLeave(_ id: String) async {
        await #expect(throws: PBXError.self) { try await adapter.user(id: id, context: context()) }
        await #expect(throws: PBXError.self) { try await adapter.deleteVoicemailMessage(boxID: id, messageID: "INBOX-msg0000", context: context()) }
        #expect(transport.sent.isEmpty)
    }

    @Test func expiredDeadlineSendsNothing() async {
        await #expect(throws: PBXError.timeout("no time left for VitalPBX extensions")) {
            try await adapter.listUsers(query: nil, page: PageRequest(limit: 10), context: PBXContext(deadline: .now - .seconds(1), requestID: "t"))
        }
        #expect(transport.sent.isEmpty)
    }

    @Test func vendorErrorsAreSummarisedNeverEchoed() async throws {
        transport.reply(status: 200, #"{"status":"error","message":"Extension not allowed for tenant"}"#)
        await #expect(throws: PBXError.upstream(status: 200, detail: "VitalPBX extensions failed: Extension not allowed for tenant")) {
            try await adapter.listUsers(query: nil, page: PageRequest(limit: 10), context: context())
        }
        transport.reply(status: 401, #"{"status":"error","message":"Invalid app-key s3cr3t-key"}"#)
        do {
            _ = try await adapter.devices(context: context())
            Issue.record("expected a failure")
        } catch let error as PBXError {
            guard case .authenticationFailed(let detail) = error else { Issue.record("got \(error)"); return }
            #expect(!detail.contains("s3cr3t"))
        }
        transport.reply(status: 500, #"{"status":"error","message":"Database gone"}"#)
        await #expect(throws: PBXError.upstream(status: 500, detail: "VitalPBX devices answered HTTP 500: Database gone")) {
            try await adapter.devices(context: context())
        }
        transport.reply(status: 404, #"{"status":"error","message":"Not found"}"#)
        await #expect(throws: PBXError.notFound("VitalPBX extension answered HTTP 404: Not found")) { try await adapter.user(id: "9", context: context()) }
        transport.reply(status: 200, "<html>oops")
        await #expect(throws: PBXError.upstream(status: 200, detail: "VitalPBX devices answer is not JSON")) { try await adapter.devices(context: context()) }
        transport.reply(status: 200, #"{"status":"success","data":{"unexpected":true}}"#)
        await #expect(throws: PBXError.upstream(status: 200, detail: "VitalPBX devices answer did not have the documented shape")) {
            try await adapter.devices(context: context())
        }
    }

    @Test func transportFailuresMap() async {
        transport.reply { r throws(UpstreamError) in throw UpstreamError(.timeout, method: r.method, host: "pbx", path: "/") }
        await #expect(throws: PBXError.timeout("VitalPBX devices did not answer in time")) { try await adapter.devices(context: context()) }
        transport.reply { r throws(UpstreamError) in throw UpstreamError(.connectionRefused, method: r.method, host: "pbx", path: "/") }
        await #expect(throws: PBXError.unavailable("VitalPBX devices: connection-refused")) { try await adapter.devices(context: context()) }
        transport.reply { r throws(UpstreamError) in throw UpstreamError(.connectionClosed, method: r.method, host: "pbx", path: "/") }
        await #expect(throws: PBXError.upstream(status: nil, detail: "VitalPBX devices: connection-closed")) { try await adapter.devices(context: context()) }
    }

    @Test func clickToCallBody() async throws {
        transport.reply { r throws(UpstreamError) in
            let body = r.url.hasSuffix("/extensions") ? try! String(decoding: Fixture.bytes("extensions"), as: UTF8.self)
                                                      : #"{"status":"success","message":"Calling","data":null}"#
            return UpstreamResponse(status: 200, body: Array(body.utf8))
        }
        let result = try await adapter.originate(OriginateRequest(from: "1", to: "+49 221 1234"), context: context())
        #expect(result.callId == nil)
        let post = try #require(transport.sent.last)
        #expect(post.method == "POST")
        #expect(post.url == "https://pbx.example.net/api/v2/core/click_to_call")
        let json = try JSONDecoder().decode([String: JSONValue].self, from: Data(post.body!.utf8))
        #expect(json == ["caller": .string("100"), "callee": .string("+49 221 1234"), "cos_id": .number(1)])
        await #expect(throws: PBXError.notFound("user or extension 999")) {
            try await adapter.originate(OriginateRequest(from: "999", to: "1"), context: context())
        }
    }
}
