import Foundation
import PBXCloud
import PBXCore
import Synchronization
import Testing
import Upstream
@testable import Simulators

/// The PBX Cloud adapter over real libcurl against the running simulator, below the gateway:
/// every capability, writes followed by reads, and the vendor's traps.
@Suite struct PBXCloudAdapterSimulatorTests {
    static let key = "pbxcloud-canary-key-Qx81"

    final class Rig: Sendable {
        let host: SimulatorHost
        let adapter: PBXCloudAdapter
        let events = EventLog()
        var simulator: PBXCloudSimulator { host.simulator as! PBXCloudSimulator }

        init(key: String = PBXCloudAdapterSimulatorTests.key, options: [String: String] = [:],
             configure: (inout PBXCloudSimulatorSettings) -> Void = { _ in }) throws {
            var s = PBXCloudSimulatorSettings()
            s.apiKey = PBXCloudAdapterSimulatorTests.key
            configure(&s)
            host = SimulatorHost(simulator: PBXCloudSimulator(settings: s))
            try host.start()
            let settings = TenantSettings(id: "delta", vendor: "pbxcloud", url: URL(string: host.baseURL)!, apiKey: key,
                                          vendorTenant: s.tenant, country: "DE", timeZone: s.timeZone, options: options)
            let sink = events
            adapter = try PBXCloudAdapter.make(settings: settings, transport: CurlClient(), clock: SystemWallClock(),
                                               events: { e in sink.append("\(e)") })
        }
    }

    final class EventLog: Sendable {
        private let store = Mutex<[String]>([])
        func append(_ line: String) { store.withLock { $0.append(line) } }
        var lines: [String] { store.withLock { $0 } }
    }

    func with(_ rig: Rig, _ body: (Rig) async throws -> Void) async throws {
        do { try await body(rig) } catch { await rig.host.shutdown(); throw error }
        await rig.host.shutdown()
    }

    /// Generous: every suite may run at once on a loaded 2-core machine.
    func ctx() -> PBXContext { PBXContext(deadline: .now + .seconds(120), requestID: "t") }

    @Test func callsPagedAcrossWindowsAndFetchedByID() async throws {
        try await with(Rig(options: ["cdrWindowHours": "6"])) { rig in
            let query = CallQuery(since: Date().addingTimeInterval(-3 * 86400), until: Date().addingTimeInterval(86400))
            // Pages stop after 14 vendor requests even when short, so walk until no token.
            func collect(_ limit: Int) async throws -> (items: [Call], pages: Int) {
                var items: [Call] = [], token: String?, pages = 0
                repeat {
                    let page = try await rig.adapter.listCalls(query, page: PageRequest(limit: limit, token: token), context: ctx())
                    #expect(page.items.count <= limit)
                    items += page.items
                    token = page.nextToken
                    pages += 1
                } while token != nil
                return (items, pages)
            }
            let all = try await collect(1000).items
            #expect(all.count > 60)
            #expect(Set(all.map(\.direction)) == [.inbound, .outbound, .internal])
            #expect(Set(all.map(\.status)).isSuperset(of: [.answered, .missed, .busy, .failed, .voicemail]))
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.startedAt >= $1.startedAt }, "newest first")
            let paged = try await collect(25)
            #expect(paged.pages >= 3 && paged.items.map(\.id) == all.map(\.id))
            let one = try await rig.adapter.call(id: all[5].id, context: ctx())
            #expect(one == all[5])
            let inbound = try await rig.adapter.listCalls(CallQuery(since: query.since, until: query.until, direction: .inbound),
                                                          page: PageRequest(limit: 1000), context: ctx())
            #expect(!inbound.items.isEmpty && inbound.items.allSatisfy { $0.direction == .inbound })
            let empty = try await rig.adapter.listCalls(CallQuery(since: Date(timeIntervalSince1970: 1e9), until: Date(timeIntervalSince1970: 1e9 + 3600)),
                                                        page: PageRequest(limit: 10), context: ctx())
            #expect(empty.items.isEmpty && empty.nextToken == nil, "0-byte answers are empty lists")
            await #expect(throws: PBXError.notFound("call nope")) { _ = try await rig.adapter.call(id: "nope", context: ctx()) }
        }
    }

    @Test func originateShowsUpLiveAndHangupEndsIt() async throws {
        try await with(Rig()) { rig in
            let result = try await rig.adapter.originate(OriginateRequest(from: "3272", to: "004922112345678"), context: ctx())
            let id = try #require(result.callId)
            #expect(id.count == 14)
            let live = try await rig.adapter.activeCalls(context: ctx())
            let mine = try #require(live.first { $0.raw?["originateid"] == .string(id) })
            #expect(mine.from.extension == "101" && mine.from.userId == "3272" && mine.state == .ringing)
            #expect(try await rig.adapter.call(id: id, context: ctx()).status == .unknown)
            try await rig.adapter.hangup(activeCallID: mine.id, context: ctx())
            #expect(try await !rig.adapter.activeCalls(context: ctx()).contains { $0.id == mine.id })
            let ended = try await rig.adapter.call(id: id, context: ctx())
            #expect(ended.id == id && ended.status == .missed && ended.endedAt != nil)
            await #expect(throws: PBXError.notFound("active call \(mine.id)")) { try await rig.adapter.hangup(activeCallID: mine.id, context: ctx()) }
            await #expect(throws: PBXError.self) { _ = try await rig.adapter.originate(OriginateRequest(from: "999", to: "1"), context: ctx()) }

            let seeded = try #require(try await rig.adapter.activeCalls(context: ctx()).first)
            try await rig.adapter.transfer(activeCallID: seeded.id, to: "104", context: ctx())
            let moved = try #require(try await rig.adapter.activeCalls(context: ctx()).first { $0.id == seeded.id })
            #expect(moved.to.rawNumber == "104" && moved.state == .ringing)
        }
    }

    @Test func usersQueuesAgentsPause() async throws {
        try await with(Rig()) { rig in
            let users = try await rig.adapter.listUsers(query: nil, page: PageRequest(limit: 100), context: ctx()).items
            #expect(users.count == 5 && users.allSatisfy { $0.raw?["password"] == nil })
            #expect(Set(users.map(\.presence)) == [.available, .busy, .offline, .ringing])
            #expect(try await rig.adapter.user(id: "3273", context: ctx()).name == "Max Mustermann")
            #expect(try await rig.adapter.listUsers(query: "musterf", page: PageRequest(limit: 10), context: ctx()).items.map(\.id) == ["3274"])
            let queues = try await rig.adapter.queues(context: ctx())
            #expect(queues.map(\.id) == ["3698", "3699"])
            let q = try await rig.adapter.queue(id: "3698", context: ctx())
            #expect(q.waitingCalls == 2 && q.agentCount == 2)
            var agents = try await rig.adapter.agents(queueID: "3698", context: ctx())
            #expect(agents.map(\.id) == ["101-DEMO", "102-DEMO"] && agents[0].userId == "3272" && !agents[0].paused)
            try await rig.adapter.pause(queueID: "3698", agentID: "101-DEMO", reason: "coffee", context: ctx())
            agents = try await rig.adapter.agents(queueID: "3698", context: ctx())
            #expect(agents[0].paused && agents[0].pauseReason == "coffee")
            try await rig.adapter.unpause(queueID: "3698", agentID: "101-DEMO", context: ctx())
            #expect(try await !rig.adapter.agents(queueID: "3698", context: ctx())[0].paused)
            await #expect(throws: PBXError.notFound("queue 42")) { _ = try await rig.adapter.agents(queueID: "42", context: ctx()) }
            await #expect(throws: PBXError.notFound("agent 103-DEMO in queue 3698")) {
                try await rig.adapter.pause(queueID: "3698", agentID: "103-DEMO", reason: nil, context: ctx())
            }
        }
    }

    @Test func phonebookCRUDAndLookup() async throws {
        for returnsID in [true, false] {
            try await with(Rig(configure: { $0.phonebookAddReturnsID = returnsID })) { rig in
                let input = ContactInput(name: "Grace Hopper", firstName: "Grace", lastName: "Hopper", company: "Navy", email: nil,
                                         numbers: [(.mobile, "0170 1234567")])
                let created = try await rig.adapter.createContact(input, context: ctx())
                #expect(created.name == "Grace Hopper" && created.numbers.map(\.number) == ["+491701234567"])
                #expect(try await rig.adapter.contact(id: created.id, context: ctx()) == created)
                let found = try await rig.adapter.contacts(query: "hopper", page: PageRequest(limit: 10), context: ctx()).items
                #expect(found.map(\.id) == [created.id])
                let lookup = try await rig.adapter.lookup(number: "+491701234567", context: ctx())
                #expect(lookup == [LookupMatch(kind: .contact, id: created.id, name: "Grace Hopper", company: "Navy", matchedNumber: "+491701234567")])
                let updated = try await rig.adapter.updateContact(id: created.id, ContactInput(name: "Grace M. Hopper", firstName: nil, lastName: nil,
                                                                                               company: "Yale", email: nil, numbers: [(.work, "0221 99")]), context: ctx())
                #expect(updated.id != created.id, "update is delete + add")
                #expect(updated.company == "Yale")
                await #expect(throws: PBXError.notFound("contact \(created.id)")) { _ = try await rig.adapter.contact(id: created.id, context: ctx()) }
                try await rig.adapter.deleteContact(id: updated.id, context: ctx())
                await #expect(throws: PBXError.notFound("contact \(updated.id)")) { try await rig.adapter.deleteContact(id: updated.id, context: ctx()) }
                #expect(try await rig.adapter.lookup(number: "102", context: ctx()).map(\.kind) == [.user])
            }
        }
    }

    @Test func voicemailDevicesNumbers() async throws {
        try await with(Rig()) { rig in
            let boxes = try await rig.adapter.voicemailBoxes(context: ctx())
            #expect(boxes.map(\.id) == ["101", "102", "103"])
            #expect(boxes[0].newMessages == 2 && boxes[0].oldMessages == 1 && boxes[2].newMessages == 0)
            let messages = try await rig.adapter.voicemailMessages(boxID: "101", context: ctx())
            #expect(messages.count == 3 && messages.allSatisfy { $0.boxId == "101" && $0.receivedAt != nil })
            #expect(try await rig.adapter.voicemailMessages(boxID: "103", context: ctx()).isEmpty)
            await #expect(throws: PBXError.notFound("voicemail box 999")) { _ = try await rig.adapter.voicemailMessages(boxID: "999", context: ctx()) }
            let audio = try await rig.adapter.voicemailAudio(boxID: "101", messageID: messages[0].id, context: ctx())
            #expect(audio.contentType == "audio/x-wav" && audio.bytes.starts(with: Array("RIFF".utf8)))
            try await rig.adapter.deleteVoicemailMessage(boxID: "101", messageID: messages[0].id, context: ctx())
            await #expect(throws: PBXError.notFound("voicemail message \(messages[0].id)")) {
                _ = try await rig.adapter.voicemailAudio(boxID: "101", messageID: messages[0].id, context: ctx())
            }
            let devices = try await rig.adapter.devices(context: ctx())
            #expect(devices.map(\.id) == ["101-DEMO", "102-DEMO", "103-DEMO", "104-DEMO"] && devices[0].userId == "3272")
            let numbers = try await rig.adapter.numbers(context: ctx())
            #expect(numbers.map(\.number) == ["+4922166966966", "+4922166966967", "+4922166966968"])
            #expect(numbers.allSatisfy { $0.raw?["te_recordingpassword"] == nil })
        }
    }

    @Test func badKeyIsRefusedAndTheKeyNeverAppears() async throws {
        let wrong = "wrong-canary-key-Zz93"
        try await with(Rig(key: wrong)) { rig in
            await #expect {
                _ = try await rig.adapter.queues(context: ctx())
            } throws: { error in
                guard case PBXError.authenticationFailed(let detail) = error else { return false }
                return detail.contains("refused the API key") && !detail.contains(wrong)
            }
            let events = rig.events.lines
            #expect(!events.isEmpty && events.allSatisfy { !$0.contains(wrong) && !$0.contains(Self.key) })
            #expect(rig.simulator.control.count(of: "reqtype=INFO info=queues") == 1)
        }
    }
}
