import Foundation
import HTTPServer
import Logging
import PBXCore
import Prometheus
import Synchronization
import Testing
@testable import Gateway

/// Collects log lines in memory.
final class CapturingLogSink: LogSink {
    private let lines = Mutex<[String]>([])
    func write(line: [UInt8]) { lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }
    var all: [String] { lines.withLock { $0 } }
}

struct FixedWallClock: WallClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_600_937_267.25) }   // 2020-09-24T08:47:47.250Z
}

@Suite struct LoggingTests {
    func logger(_ sink: CapturingLogSink) -> Logger {
        Logger(label: "switchboard.access") { JSONLogHandler(label: $0, sink: sink, clock: FixedWallClock()) }
    }

    func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func sensitiveHeadersAndQueryParametersAreRedacted() {
        let headers = Redaction.headers([(name: "Authorization", value: "Bearer sk_live_123"), (name: "X-Request-Id", value: "abc"),
                                         (name: "Cookie", value: "sid=1"), (name: "X-Auth-Token", value: "t0k")])
        #expect(headers.map(\.value) == ["[redacted]", "abc", "[redacted]", "[redacted]"])
        let target = Redaction.target("/pbx/proxyapi.php?reqtype=INFO&key=SECRET1&tenant=DEMO&password=p%40ss&access_token=abc&q=anna")
        #expect(target == "/pbx/proxyapi.php?reqtype=INFO&key=[redacted]&tenant=DEMO&password=[redacted]&access_token=[redacted]&q=anna")
        #expect(Redaction.target("/v1/tenants/acme/users") == "/v1/tenants/acme/users")
        // Encoded names are decoded before deciding.
        #expect(!Redaction.target("/x?api%5Fkey=S3CR3T").contains("S3CR3T"))
        #expect(!Redaction.target("/x?sid=S3CR3T&SID=S3CR3T").contains("S3CR3T"))
    }

    @Test func jsonLinesAreValidJSONAndEscapeInjection() throws {
        let sink = CapturingLogSink()
        let log = logger(sink)
        log.info("hello \"world\"\n{\"level\":\"error\"}", metadata: ["n": .stringConvertible(3), "s": .string("a\nb")])
        #expect(sink.all.count == 1)
        let o = try object(sink.all[0])
        #expect(o["ts"] as? String == "2020-09-24T08:47:47.250Z")
        #expect(o["level"] as? String == "info")
        #expect(o["msg"] as? String == "hello \"world\"\n{\"level\":\"error\"}")
        #expect(o["n"] as? Int == 3)
        #expect(o["s"] as? String == "a\nb")
    }

    @Test func accessLogLineHasTheFieldsAndNoSecrets() throws {
        let sink = CapturingLogSink()
        let accessLog = AccessLog(logger: logger(sink))
        let request = HTTPRequest(method: .GET, target: "/v1/tenants/acme/users?q=anna&apiKey=CANARY-KEY",
                                  headers: ["Authorization": "Bearer CANARY-BEARER"])
        var facts = RequestTrace.Facts()
        facts.tenant = "acme"
        facts.cache = .hit
        accessLog.record(request: request, requestID: "req-1", route: "/v1/tenants/{tenant}/users", status: 200,
                         duration: .microseconds(1500), facts: facts)
        let line = try #require(sink.all.first)
        #expect(!line.contains("CANARY"))
        let o = try object(line)
        #expect(o["requestId"] as? String == "req-1")
        #expect(o["tenant"] as? String == "acme")
        #expect(o["route"] as? String == "/v1/tenants/{tenant}/users")
        #expect(o["status"] as? Int == 200)
        #expect(o["durationMs"] as? Double == 1.5)
        #expect(o["upstreamCalls"] as? Int == 0)
        #expect(o["cache"] as? String == "hit")
        #expect(o["target"] as? String == "/v1/tenants/acme/users?q=anna&apiKey=[redacted]")
    }

    @Test func observabilityMiddlewareLogsAndCountsAnsweredAndFailedRequests() async throws {
        let sink = CapturingLogSink()
        let metrics = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom"])
        var router = Router()
        router.get("/v1/tenants/{tenant}/users") { _, context in
            context[RequestTraceKey.self]?.setTenant("acme")
            context[RequestTraceKey.self]?.setCache(.miss)
            context[RequestTraceKey.self]?.addUpstreamCall()
            return .json(Array("[]".utf8))
        }
        router.get("/v1/tenants/{tenant}/calls") { _, _ in throw DeadlineExceeded(tenant: "acme") }
        let routes = router
        let chain = MiddlewareChain([ObservabilityMiddleware(metrics: metrics, accessLog: AccessLog(logger: logger(sink)),
                                                             routeTemplate: { routes.template(for: $0) })], responder: router)
        _ = try await chain.respond(to: HTTPRequest(method: .GET, target: "/v1/tenants/acme/users"), context: RequestContext(requestID: "a"))
        await #expect(throws: DeadlineExceeded.self) {
            try await chain.respond(to: HTTPRequest(method: .GET, target: "/v1/tenants/acme/calls"), context: RequestContext(requestID: "b"))
        }
        await #expect(throws: HTTPError.self) {
            try await chain.respond(to: HTTPRequest(method: .GET, target: "/nope/secret-path"), context: RequestContext(requestID: "c"))
        }
        let lines = try sink.all.map(object)
        #expect(lines.map { $0["status"] as? Int } == [200, 504, 404])
        #expect(lines[0]["upstreamCalls"] as? Int == 1)
        #expect(lines[0]["cache"] as? String == "miss")
        #expect(lines[1]["route"] as? String == "/v1/tenants/{tenant}/calls")
        #expect(lines[2]["route"] as? String == "unmatched")
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains("route=\"/v1/tenants/{tenant}/calls\",status=\"504\""))
        #expect(!text.contains("secret-path"))
    }
}
