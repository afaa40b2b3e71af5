import Foundation
import PBXCore
import Testing
import Upstream
@testable import Pascom

@Suite("pascom client: URLs, auth, errors")
struct PascomClientTests {
    @Test func namesWithSpacesAndBracketsArePercentEncoded() async throws {
        let t = RecordingTransport { _ throws(UpstreamError) in
            json(#"{"029tea_bez": "Support [2nd level]", "members": [], "entries": []}"#)
        }
        let adapter = try makeAdapter(t)
        let q = try await adapter.queue(id: "Support [2nd level]", context: testContext())
        #expect(q.id == "Support [2nd level]")
        #expect(t.requests.map(\.url) == ["https://pascom.cloud/acme/services/queue/Support%20%5B2nd%20level%5D"])
        #expect(PascomClient.percentEncode("pascom Softphone [Tina Sander]") == "pascom%20Softphone%20%5BTina%20Sander%5D")
        #expect(PascomClient.percentEncode("Zäh?#&%") == "Z%C3%A4h%3F%23%26%25")
    }

    @Test func deviceActionUsesTheEncodedDeviceName() async throws {
        let t = RecordingTransport { r throws(UpstreamError) in
            if r.url.contains("/cdr/live/") {
                return json(#"{"phonecallId": 7, "timestamp": 1, "state": "BUSY", "srcInternal": true, "srcUserName": "tsander", "srcDeviceName": "pascom Softphone [Tina Sander]", "dstInternal": false, "dstNumber": "0221"}"#)
            }
            return UpstreamResponse(status: 200)
        }
        try await makeAdapter(t).hangup(activeCallID: "7", context: testContext())
        #expect(t.requests.map(\.url) == [
            "https://pascom.cloud/acme/services/cdr/live/7",
            "https://pascom.cloud/acme/services/identity/tsander/device/pascom%20Softphone%20%5BTina%20Sander%5D/action",
        ])
        #expect(t.requests[1].method == "POST")
        #expect(String(decoding: t.requests[1].body ?? [], as: UTF8.self) == #"{"action":"hangup"}"#)
    }

    @Test(arguments: ["a/b", "..", "x..y", "tab\there", "nul\u{0}", "del\u{7f}", "", "back\\slash"])
    func dangerousIdsNeverLeave(id: String) async throws {
        let t = RecordingTransport { _ throws(UpstreamError) in json("{}") }
        let adapter = try makeAdapter(t)
        await #expect(throws: PBXError.self) { try await adapter.user(id: id, context: testContext()) }
        await #expect(throws: PBXError.self) { try await adapter.queue(id: id, context: testContext()) }
        await #expect(throws: PBXError.self) { try await adapter.agents(queueID: id, context: testContext()) }
        await #expect(throws: PBXError.self) { try await adapter.voicemailMessages(boxID: id, context: testContext()) }
        await #expect(throws: PBXError.self) { try await adapter.hangup(activeCallID: id, context: testContext()) }
        await #expect(throws: PBXError.self) {
            try await adapter.originate(OriginateRequest(from: "tsander", to: "101", device: id), context: testContext())
        }
        #expect(t.requests.isEmpty)
        do {
            _ = try await adapter.user(id: id, context: testContext())
        } catch let e as PBXError {
            guard case .invalidInput = e else { Issue.record("expected invalidInput, got \(e)"); return }
        }
    }

    @Test func basicAuthAcceptAndDeadline() async throws {
        let t = RecordingTransport { _ throws(UpstreamError) in json("[]") }
        _ = try await makeAdapter(t).queues(context: testContext(seconds: 4))
        let r = try #require(t.requests.first)
        #expect(r.basicAuth?.username == "moby")
        #expect(r.basicAuth?.password == "s3cret-pw")
        #expect(!r.headers.contains { $0.name.lowercased() == "authorization" })
        #expect(r.headers.contains { $0 == ("Accept", "application/json") })
        #expect(r.timeout <= .seconds(4) && r.timeout > .seconds(3))
        #expect(r.url == "https://pascom.cloud/acme/services/queue/")
    }

    @Test func passedDeadlineSendsNothing() async throws {
        let t = RecordingTransport { _ throws(UpstreamError) in json("[]") }
        let context = PBXContext(deadline: .now - .seconds(1), requestID: "late")
        await #expect(throws: PBXError.timeout("deadline passed before calling pascom GET /queue/")) {
            try await makeAdapter(t).queues(context: context)
        }
        #expect(t.requests.isEmpty)
    }

    @Test(arguments: [
        (401, "authenticationFailed"), (403, "authenticationFailed"), (404, "notFound"), (409, "conflict"),
        (400, "upstream"), (500, "upstream"), (503, "upstream"),
    ])
    func statusMapping(status: Int, kind: String) async throws {
        let t = RecordingTransport { _ throws(UpstreamError) in json("secret body with password=hunter2", status: status) }
        do {
            _ = try await makeAdapter(t).queues(context: testContext())
            Issue.record("expected an error")
        } catch let e as PBXError {
            #expect(String(describing: e).hasPrefix(kind == "authenticationFailed" ? "authentication failed"
                : kind == "notFound" ? "not found" : kind == "conflict" ? "conflict" : "upstream error"))
            #expect(!String(describing: e).contains("hunter2"))
        }
    }

    @Test func transportFailures() async throws {
        for (kind, expected) in [(UpstreamError.Kind.timeout, "timeout"), (.connectionRefused, "unavailable"),
                                 (.connectionClosed, "upstream error"), (.malformedResponse, "upstream error")] {
            let t = RecordingTransport { r throws(UpstreamError) in throw UpstreamError(kind, method: r.method, host: "pbx", path: "/x") }
            await #expect {
                try await makeAdapter(t).queues(context: testContext())
            } throws: { error in
                String(describing: error).hasPrefix(expected)
            }
        }
    }

    @Test func garbageBodyIsAnUpstreamError() async throws {
        let t = RecordingTransport { _ throws(UpstreamError) in json("<html>oops") }
        await #expect {
            try await makeAdapter(t).users(context: testContext())
        } throws: { error in
            guard case .upstream(nil, let detail)? = error as? PBXError else { return false }
            return detail.contains("GET /identity/") && !detail.contains("oops")
        }
    }

    @Test func voicemailAudioFallsBackToTheAssetPath() async throws {
        let t = RecordingTransport { r throws(UpstreamError) in
            r.url.contains("/services/") ? UpstreamResponse(status: 404)
                : UpstreamResponse(status: 200, headers: [("Content-Type", "audio/x-wav")], body: [1, 2, 3])
        }
        let audio = try await makeAdapter(t).voicemailAudio(boxID: "224", messageID: "1612943003-00000000", context: testContext())
        #expect(audio.bytes == [1, 2, 3])
        #expect(audio.contentType == "audio/x-wav")
        #expect(t.requests.map(\.url) == [
            "https://pascom.cloud/acme/services/voicemailbox/224/*/1612943003-00000000",
            "https://pascom.cloud/acme/asset/voicemailbox/224/*/1612943003-00000000",
        ])
        #expect(t.requests.allSatisfy { $0.headers.contains { $0 == ("Accept", "audio/x-wav") } })
    }
}

extension PascomAdapter {
    func users(context: PBXContext) async throws -> Page<User> {
        try await listUsers(query: nil, page: PageRequest(limit: 100), context: context)
    }
}
