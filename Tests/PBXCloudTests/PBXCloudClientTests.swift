import Foundation
import PBXCore
import Synchronization
import Testing
import Upstream
@testable import PBXCloud

@Suite struct PBXCloudClientTests {
    let key = "K3y-s3cr3t-canary"

    func client(_ transport: RecordingTransport, events: @escaping @Sendable (AdapterEvent) -> Void = { _ in },
                url: String = "https://pbx.example.com/mirtapbx/proxyapi.php") throws -> PBXCloudClient {
        PBXCloudClient(configuration: try PBXCloudConfiguration(settings: settings(url: url)), transport: transport, events: events)
    }

    @Test func requestsGoToTheWholeConfiguredURLWithKeyAndTenantInTheQuery() async throws {
        let t = RecordingTransport { _ in UpstreamResponse(status: 200) }
        _ = try await client(t).extensions(context: context())
        _ = try await client(t).phonebookQuery(field: "name", value: "%Mü&r%", context: context())
        let urls = t.requests.map(\.url)
        #expect(urls[0] == "https://pbx.example.com/mirtapbx/proxyapi.php?reqtype=INFO&tenant=DEMO&key=\(key)&format=json&info=extensions")
        #expect(urls[1].hasSuffix("&subreqtype=query&field=name&value=%25M%C3%BC%26r%25"))
        #expect(t.requests.allSatisfy { $0.method == "GET" && $0.body == nil })
    }

    @Test func phonebookAddPostsTheValuesAsAFormField() async throws {
        let t = RecordingTransport { _ in UpstreamResponse(status: 200, body: Array("Success|Record added|9|".utf8)) }
        let answer = try await client(t).phonebookAdd(values: ["NAME": "Ross", "PHONE1": "3564732920"], context: context())
        #expect(answer.identifier == "9")
        let r = try #require(t.requests.first)
        #expect(r.method == "POST")
        #expect(r.headers.contains { $0.name == "Content-Type" && $0.value == "application/x-www-form-urlencoded" })
        #expect(String(decoding: r.body ?? [], as: UTF8.self) == "values=%7B%22NAME%22%3A%22Ross%22%2C%22PHONE1%22%3A%223564732920%22%7D")
        #expect(r.url.contains("reqtype=PHONEBOOK") && r.url.contains("subreqtype=add") && !r.url.contains("values="))
    }

    @Test(arguments: ["../etc", "a/b", "x\u{0}y", "line\nbreak", "", String(repeating: "9", count: 201)])
    func badIDsAreRefusedBeforeAnyRequest(_ id: String) async throws {
        let t = RecordingTransport { _ in UpstreamResponse(status: 200) }
        let c = try client(t)
        await #expect(throws: PBXError.self) { _ = try await c.call(id: id, context: context()) }
        await #expect(throws: PBXError.self) { _ = try await c.agents(queue: id, context: context()) }
        await #expect(throws: PBXError.self) { try await c.phonebookDelete(peid: id, context: context()) }
        await #expect(throws: PBXError.self) { _ = try await c.messageAudio(mailbox: "101", msgid: id, context: context()) }
        #expect(t.requests.isEmpty)
    }

    @Test func theRequestTimeoutIsWhatIsLeftOfTheDeadline() async throws {
        let t = RecordingTransport { _ in UpstreamResponse(status: 200) }
        _ = try await client(t).queues(context: context(seconds: 2))
        let timeout = try #require(t.requests.first?.timeout)
        #expect(timeout <= .seconds(2) && timeout > .seconds(1))
        let expired = PBXContext(deadline: .now - .seconds(1), requestID: "late")
        await #expect(throws: PBXError.timeout("no time left for reqtype=INFO info=queues")) { _ = try await client(t).queues(context: expired) }
        #expect(t.requests.count == 1)
    }

    @Test func theKeyAppearsInNoEventAndNoError() async throws {
        let seen = Mutex<[String]>([])
        let answers: [UpstreamResponse] = [
            UpstreamResponse(status: 200, body: Array("Too bad... you mistaken the security api key.".utf8)),
            UpstreamResponse(status: 500, body: Array("<b>Fatal</b> key=\(key)".utf8)),
            UpstreamResponse(status: 200, body: Array("not json key=\(key)".utf8)),
            UpstreamResponse(status: 200, body: Array("Error|bad key \(key)|".utf8)),
        ]
        for answer in answers {
            let t = RecordingTransport { _ in answer }
            let c = try client(t, events: { event in seen.withLock { $0.append("\(event)") } })
            do {
                _ = try await c.extensions(context: context())
                _ = try await c.dial(source: "101", dest: "0221", context: context())
                Issue.record("expected an error")
            } catch {
                seen.withLock { $0.append("\(error)") }
            }
        }
        let lines = seen.withLock { $0 }
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { !$0.contains(key) })
        #expect(lines.contains { $0.contains("authentication failed") && $0.contains("refused the API key") })
    }

    @Test func transportFailuresMapToPBXErrors() {
        func map(_ kind: UpstreamError.Kind) -> PBXError {
            PBXCloudClient.map(UpstreamError(kind, method: "GET", host: "pbx", path: "/pbx/proxyapi.php"), operation: "reqtype=PEERS")
        }
        #expect(map(.timeout) == .timeout("PBX Cloud did not answer reqtype=PEERS in time"))
        #expect(map(.connectionRefused) == .unavailable("PBX Cloud unreachable for reqtype=PEERS (connection-refused)"))
        #expect(map(.connectionClosed) == .upstream(status: nil, detail: "PBX Cloud transport failure for reqtype=PEERS (connection-closed)"))
    }

    @Test func pagerWalksWindowsWithoutGapsOrDuplicates() async throws {
        let until = date(2024, 1, 10, 0, 0, 0)
        let since = until.addingTimeInterval(-5 * 86400)
        // 50 calls, some exactly on window borders.
        let all = (0..<50).map { i in
            Call(id: "c\(i)", direction: .inbound, status: .answered, startedAt: until.addingTimeInterval(-Double(i) * 8640),
                 from: Party(), to: Party())
        }
        let requests = Mutex(0)
        let pager = PBXCloudCallPager(window: .seconds(86400))
        var collected: [String] = []
        var token: String?
        repeat {
            let page = try await pager.page(CallQuery(since: since, until: until), request: PageRequest(limit: 7, token: token)) { s, e in
                requests.withLock { $0 += 1 }
                return all.filter { $0.startedAt >= s && $0.startedAt <= e }
            }
            #expect(page.items.count <= 7)
            collected += page.items.map(\.id)
            token = page.nextToken
        } while token != nil
        #expect(collected == all.map(\.id))
        #expect(requests.withLock { $0 } < 40)
    }

    @Test func pagerRejectsForeignTokens() async {
        let pager = PBXCloudCallPager(window: .seconds(3600))
        await #expect(throws: PBXError.self) {
            _ = try await pager.page(CallQuery(since: .distantPast, until: .now), request: PageRequest(limit: 5, token: "garbage")) { _, _ in [] }
        }
    }
}
