import Foundation
import Pascom
import PBXCore
import Simulators
import Testing
import Upstream

/// The pascom adapter straight against the pascom simulator over libcurl, for what the
/// gateway's demo set-up cannot choose: the simulator's settings (the older CDR layout,
/// `[]` instead of 204, writes that answer `{}`).
@Suite("pascom adapter against simulator settings")
struct PascomAdapterSimulatorTests {
    func withAdapter(_ settings: PascomSimulatorSettings, options: [String: String] = [:],
                     _ body: (PascomAdapter, PascomSimulator) async throws -> Void) async throws {
        let simulator = PascomSimulator(settings: settings)
        let host = SimulatorHost(simulator: simulator)
        try host.start()
        let tenant = TenantSettings(id: "p", vendor: "pascom", url: URL(string: host.baseURL)!, username: settings.username,
                                    password: settings.password, country: "DE", timeZone: settings.timeZone, options: options)
        do {
            let adapter = try PascomAdapter.make(settings: tenant, transport: CurlClient(), clock: SystemWallClock(), events: { _ in })
            try await body(adapter, simulator)
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
    }

    static func context() -> PBXContext { PBXContext(deadline: .now + .seconds(30), requestID: "t") }

    func history(_ adapter: PascomAdapter, limit: Int) async throws -> [Call] {
        let query = CallQuery(since: Date().addingTimeInterval(-5 * 86_400), until: Date().addingTimeInterval(3_600))
        var out: [Call] = []
        var token: String?
        repeat {
            let page = try await adapter.listCalls(query, page: PageRequest(limit: limit, token: token), context: Self.context())
            out += page.items
            token = page.nextToken
        } while token != nil && out.count < 10_000
        return out
    }

    @Test(arguments: PascomSimulatorSettings.CDRLayout.allCases)
    func bothLayoutsGiveTheSameHistory(layout: PascomSimulatorSettings.CDRLayout) async throws {
        let now = Date()
        var settings = PascomSimulatorSettings()
        settings.now = now
        settings.cdrLayout = layout
        try await withAdapter(settings, options: ["cdrBatchSize": "10"]) { adapter, simulator in
            let calls = try await history(adapter, limit: 9)
            #expect(calls.count == simulator.cdrCount)
            #expect(Set(calls.map(\.id)).count == calls.count)
            #expect(Set(calls.map(\.direction)) == [.inbound, .outbound, .internal])
            #expect(calls.contains { $0.status == .voicemail } && calls.contains { $0.status == .missed } && calls.contains { $0.status == .answered })
            let bigPages = try await history(adapter, limit: 1000)
            #expect(bigPages.map(\.id) == calls.map(\.id))
        }
    }

    @Test func emptyListsAsArraysAndWritesWithoutAnswer() async throws {
        var settings = PascomSimulatorSettings()
        settings.emptyListIs204 = false
        settings.phonebookWriteAnswer = .empty
        try await withAdapter(settings) { adapter, _ in
            let input = ContactInput(name: "Zeta Test", firstName: nil, lastName: nil, company: "Zeta", email: nil,
                                     numbers: [(.work, "+49 89 999")])
            let created = try await adapter.createContact(input, context: Self.context())
            #expect(created.name == "Zeta Test")
            #expect(created.numbers.first?.number == "+4989999")
            let updated = try await adapter.updateContact(id: created.id, ContactInput(name: "Zeta Renamed", firstName: nil, lastName: nil,
                                                                                       company: nil, email: nil, numbers: []), context: Self.context())
            #expect(updated.id == created.id && updated.name == "Zeta Renamed" && updated.numbers.isEmpty)
            let boxes = try await adapter.voicemailBoxes(context: Self.context())
            for box in boxes {
                for m in try await adapter.voicemailMessages(boxID: box.id, context: Self.context()) {
                    try await adapter.deleteVoicemailMessage(boxID: box.id, messageID: m.id, context: Self.context())
                }
            }
            let emptied = try await adapter.voicemailBoxes(context: Self.context())
            #expect(emptied.allSatisfy { $0.newMessages == 0 && $0.oldMessages == 0 })
        }
    }
}
