import Foundation
import PBXCore
import Simulators
import Testing
import Upstream
import VitalPBX

/// The VitalPBX adapter against its simulator over loopback HTTP (real server, real
/// libcurl), in every variant the simulator's settings allow for what the docs leave open.
struct VitalPBXPair {
    let simulator: VitalPBXSimulator
    let host: SimulatorHost
    let adapter: VitalPBXAdapter

    init(_ settings: VitalPBXSimulatorSettings = VitalPBXSimulatorSettings(), tenant: String = "1",
         options: [String: String]? = nil, timeZone: TimeZone = .gmt) throws {
        simulator = VitalPBXSimulator(settings: settings)
        host = SimulatorHost(simulator: simulator)
        try host.start()
        var opts: [String: String] = [:]
        for (k, v) in simulator.demoCredentials where k.hasPrefix("options.") { opts[String(k.dropFirst(8))] = v }
        let tenantSettings = TenantSettings(id: "v", vendor: "vitalpbx", url: URL(string: host.baseURL)!, apiKey: settings.apiKey,
                                            vendorTenant: tenant, country: "DE", timeZone: timeZone, options: options ?? opts)
        adapter = try VitalPBXAdapter.make(settings: tenantSettings, transport: CurlClient(), clock: SystemWallClock(), events: { _ in })
    }

    var context: PBXContext { PBXContext(deadline: .now + .seconds(60), requestID: "t") }

    /// Every page of `query`, following tokens.
    func allPages(_ query: CallQuery, limit: Int) async throws -> (calls: [Call], pages: Int) {
        var calls: [Call] = [], token: String?, pages = 0
        repeat {
            let page = try await adapter.listCalls(query, page: PageRequest(limit: limit, token: token), context: context)
            #expect(page.items.count <= limit)
            calls += page.items
            token = page.nextToken
            pages += 1
        } while token != nil && pages < 100
        return (calls, pages)
    }
}

@Suite struct VitalPBXAdapterSimulatorTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let week = CallQuery(since: now.addingTimeInterval(-7 * 86_400), until: now.addingTimeInterval(86_400))

    static func settings(_ change: (inout VitalPBXSimulatorSettings) -> Void = { _ in }) -> VitalPBXSimulatorSettings {
        var s = VitalPBXSimulatorSettings()
        s.now = now
        change(&s)
        return s
    }

    @Test func keysetPagingLosesAndRepeatsNothing() async throws {
        let pair = try VitalPBXPair(Self.settings())
        defer { Task { await pair.host.shutdown() } }
        let one = try await pair.adapter.listCalls(Self.week, page: PageRequest(limit: 1000), context: pair.context)
        #expect(one.items.count == pair.simulator.cdrCount)
        #expect(one.nextToken == nil)
        // Page sizes around the two calls that share one second.
        for limit in [5, 9] {
            let (calls, pages) = try await pair.allPages(Self.week, limit: limit)
            #expect(calls.map(\.id) == one.items.map(\.id), "limit \(limit)")
            #expect(pages >= 3)
        }
        let third = one.items[2]
        #expect(try await pair.adapter.call(id: third.id, context: pair.context) == third)
        await #expect(throws: PBXError.self) { try await pair.adapter.call(id: "\(Int(third.startedAt.timeIntervalSince1970))-424242", context: pair.context) }
    }

    @Test func filtersApplyAcrossPages() async throws {
        let pair = try VitalPBXPair(Self.settings())
        defer { Task { await pair.host.shutdown() } }
        var query = Self.week
        query.direction = .inbound
        let (inbound, _) = try await pair.allPages(query, limit: 3)
        #expect(!inbound.isEmpty && inbound.allSatisfy { $0.direction == .inbound })
        query = Self.week
        query.number = "+4922166966966"
        let (byNumber, _) = try await pair.allPages(query, limit: 2)
        #expect(!byNumber.isEmpty && byNumber.allSatisfy { $0.from.number == "+4922166966966" || $0.to.number == "+4922166966966" })
        query = Self.week
        query.user = "1"
        let (byUser, _) = try await pair.allPages(query, limit: 4)
        #expect(!byUser.isEmpty && byUser.allSatisfy { $0.from.userId == "1" || $0.to.userId == "1" })
        #expect(Set([CallStatus.answered, .missed, .busy, .voicemail, .failed]).isSubset(of: Set(try await pair.allPages(Self.week, limit: 50).calls.map(\.status))))
    }

    @Test func otherCDRConventionsAndLayouts() async throws {
        let pair = try VitalPBXPair(Self.settings {
            $0.cdrLayout = .array; $0.cdrDateFormat = .date; $0.cdrSort = .sortBy
            $0.cdrStartParam = "from"; $0.cdrEndParam = "to"; $0.timeZone = TimeZone(identifier: "Europe/Berlin")!
        }, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        defer { Task { await pair.host.shutdown() } }
        let day = CallQuery(since: Self.now.addingTimeInterval(-86_400), until: Self.now)
        let page = try await pair.adapter.listCalls(day, page: PageRequest(limit: 5), context: pair.context)
        #expect(page.complete)
        #expect(!page.items.isEmpty)
        #expect(page.items.allSatisfy { $0.startedAt >= day.since && $0.startedAt <= day.until })
        #expect(page.items.map(\.startedAt) == page.items.map(\.startedAt).sorted(by: >))
        let reference = try VitalPBXPair(Self.settings())
        defer { Task { await reference.host.shutdown() } }
        let same = try await reference.allPages(day, limit: 1000).calls
        #expect(page.items.map(\.startedAt) == same.map(\.startedAt))   // the zone is applied to naive calldate
        #expect(try await pair.adapter.call(id: page.items[0].id, context: pair.context) == page.items[0])
    }

    @Test func mismatchedCDRParametersFailLoudly() async throws {
        let pair = try VitalPBXPair(Self.settings { $0.cdrDateFormat = .date }, options: ["cdrDateFormat": "epoch"])
        defer { Task { await pair.host.shutdown() } }
        await #expect(throws: PBXError.invalidInput("VitalPBX cdr answered HTTP 400: Invalid start_date")) {
            try await pair.adapter.listCalls(Self.week, page: PageRequest(limit: 5), context: pair.context)
        }
    }

    @Test func voicemailAsListsAndExtensionAsObject() async throws {
        let pair = try VitalPBXPair(Self.settings { $0.voicemailLayout = .list; $0.extensionByIDAsArray = false; $0.keyBoundToTenant = true },
                                    tenant: "ignored-when-bound")
        defer { Task { await pair.host.shutdown() } }
        #expect(try await pair.adapter.user(id: "3", context: pair.context).name == "Maria Lopez")
        let boxes = try await pair.adapter.voicemailBoxes(context: pair.context)
        #expect(boxes.map(\.id) == ["1", "2", "3", "4", "5"])
        #expect(boxes.map(\.newMessages) == [2, 1, 0, 0, 0])
        #expect(boxes.map(\.oldMessages) == [1, 0, 0, 1, 0])
        let messages = try await pair.adapter.voicemailMessages(boxID: "2", context: pair.context)
        #expect(messages.map(\.id) == ["INBOX-msg0000"])
        #expect(messages[0].from.name == "Pizza Roma")
        #expect(messages[0].from.number == "+4922112345")
        let audio = try await pair.adapter.voicemailAudio(boxID: "2", messageID: "INBOX-msg0000", context: pair.context)
        #expect(audio.contentType == "audio/x-wav")
        #expect(Array(audio.bytes.prefix(4)) == Array("RIFF".utf8))
        try await pair.adapter.deleteVoicemailMessage(boxID: "2", messageID: "INBOX-msg0000", context: pair.context)
        #expect(try await pair.adapter.voicemailMessages(boxID: "2", context: pair.context).isEmpty)
        await #expect(throws: PBXError.self) { try await pair.adapter.deleteVoicemailMessage(boxID: "2", messageID: "INBOX-msg0000", context: pair.context) }
    }

    @Test func queuesAgentsPauseAndLookup() async throws {
        let pair = try VitalPBXPair(Self.settings())
        defer { Task { await pair.host.shutdown() } }
        let queues = try await pair.adapter.queues(context: pair.context)
        #expect(queues.map(\.id) == ["1", "2", "3"])
        #expect(queues.map(\.agentCount) == [2, 3, 0])
        let agents = try await pair.adapter.agents(queueID: "2", context: pair.context)
        #expect(agents.map(\.id) == ["4", "5", "6"])
        #expect(agents.map(\.state) == [.busy, .ringing, .unavailable])
        try await pair.adapter.pause(queueID: "2", agentID: "5", reason: "Coffee", context: pair.context)
        let after = try await pair.adapter.agents(queueID: "2", context: pair.context).first { $0.id == "5" }
        #expect(after?.paused == true && after?.pauseReason == "Coffee")
        #expect(pair.simulator.isPaused(device: 5, queue: 2) == true)
        #expect(pair.simulator.isPaused(device: 4, queue: 1) == true)   // other queues untouched
        try await pair.adapter.unpause(queueID: "2", agentID: "5", context: pair.context)
        #expect(pair.simulator.isPaused(device: 5, queue: 2) == false)
        await #expect(throws: PBXError.self) { try await pair.adapter.agents(queueID: "9", context: pair.context) }

        let matches = try await pair.adapter.lookup(number: "+4922166966966", context: pair.context)
        #expect(matches == [LookupMatch(kind: .contact, id: "1-7", name: "Tina Sander", company: "Acme GmbH", matchedNumber: "+4922166966966")])
        let user = try await pair.adapter.lookup(number: "102", context: pair.context)
        #expect(user == [LookupMatch(kind: .user, id: "3", name: "Maria Lopez", company: nil, matchedNumber: "102")])
        #expect(try await pair.adapter.contact(id: "2-1", context: pair.context).company == "Telco Supplies")
    }
}
