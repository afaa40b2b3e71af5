import Foundation
import PBXCore
import Testing
@testable import Fonial
@testable import Simulators

/// Capabilities of the fonial adapter against the real simulator over HTTP.
@Suite struct FonialAdapterTests {
    @Test func callsMergeEVNAndJournalNewestFirstWithStableIds() async throws {
        try await FonialRig.with { rig in
            let query = rig.query(hours: 96)
            let first = try await rig.adapter.listCalls(query, page: PageRequest(limit: 1000), context: rig.context)
            let second = try await rig.adapter.listCalls(query, page: PageRequest(limit: 1000), context: rig.context)
            #expect(first.nextToken == nil)
            #expect(first.items.map(\.id) == second.items.map(\.id))
            #expect(Set(first.items.map(\.id)).count == first.items.count)
            #expect(first.items.map(\.startedAt) == first.items.map(\.startedAt).sorted(by: >))
            #expect(Set(first.items.map(\.direction)) == [.inbound, .outbound])
            #expect(Set(first.items.map(\.status)).isSuperset(of: [.answered, .missed, .busy, .voicemail]))
            // Same as the simulator's account: every generated call, and the local times read in Berlin.
            let data = rig.simulator.state.withLock { $0.data }
            let expected = data.outgoing.filter { $0.start >= query.since }.count + data.incoming.filter { $0.date >= query.since }.count
            #expect(first.items.count == expected)
            let newestOut = try #require(data.outgoing.filter { $0.start >= query.since }.max { $0.start < $1.start })
            let mapped = try #require(first.items.first { $0.direction == .outbound })
            #expect(mapped.startedAt == newestOut.start)
            #expect(mapped.to.number == newestOut.to)
            #expect(mapped.costs != nil)
            // Twins and a shared second are both there.
            #expect(first.items.contains { $0.id.hasSuffix("-2") })
        }
    }

    @Test func everyListedCallCanBeFetchedById() async throws {
        try await FonialRig.with { rig in
            let calls = try await rig.adapter.listCalls(rig.query(hours: 48), page: PageRequest(limit: 1000), context: rig.context).items
            #expect(calls.count > 8)
            for call in calls {
                let fetched = try await rig.adapter.call(id: call.id, context: rig.context)
                #expect(fetched == call)
            }
            await #expect(throws: PBXError.notFound("call evn-20000101000000-0000000000000000")) {
                try await rig.adapter.call(id: "evn-20000101000000-0000000000000000", context: rig.context)
            }
            await #expect(throws: PBXError.self) { try await rig.adapter.call(id: "../session", context: rig.context) }
            await #expect(throws: PBXError.self) { try await rig.adapter.call(id: "nonsense", context: rig.context) }
        }
    }

    @Test(arguments: [1, 3, 7])
    func pagingWalksWindowsWithoutGapsOrRepeats(limit: Int) async throws {
        try await FonialRig.with(options: ["windowHours": "5"]) { rig in
            let query = rig.query(hours: 72)
            let whole = try await rig.adapter.listCalls(query, page: PageRequest(limit: 1000), context: rig.context).items
            let pages = try await rig.allPages(query, limit: limit)
            #expect(pages.count >= 3)
            #expect(pages.dropLast().allSatisfy { $0.count == limit })
            #expect(pages.flatMap { $0 }.map(\.id) == whole.map(\.id))
        }
    }

    @Test func sparseLongRangesCostBoundedRequestsPerPage() async throws {
        try await FonialRig.with { rig in
            let recent = try await rig.adapter.listCalls(rig.query(hours: 24 * 6), page: PageRequest(limit: 1000), context: rig.context).items
            let query = rig.query(hours: 24 * 400)
            var token: String?
            var seen: [Call] = []
            var pages = 0
            repeat {
                let before = rig.count("POST /evn/get")
                let page = try await rig.adapter.listCalls(query, page: PageRequest(limit: 1000, token: token), context: rig.context)
                #expect(rig.count("POST /evn/get") - before <= FonialCallHistory.maxWindowsPerPage)
                seen += page.items
                token = page.nextToken
                pages += 1
            } while token != nil && pages < 50
            #expect(pages > 1 && pages < 50)
            #expect(seen.map(\.id) == recent.map(\.id))
        }
    }

    @Test func filtersApplyToBothLists() async throws {
        try await FonialRig.with { rig in
            let all = try await rig.adapter.listCalls(rig.query(hours: 96), page: PageRequest(limit: 1000), context: rig.context).items
            let inbound = try await rig.adapter.listCalls(rig.query(hours: 96, direction: .inbound), page: PageRequest(limit: 1000), context: rig.context).items
            #expect(inbound.map(\.id) == all.filter { $0.direction == .inbound }.map(\.id))
            let before = rig.count("POST /evn/get")
            let internalCalls = try await rig.adapter.listCalls(rig.query(direction: .internal), page: PageRequest(limit: 10), context: rig.context)
            #expect(internalCalls.items.isEmpty && internalCalls.nextToken == nil)
            #expect(rig.count("POST /evn/get") == before)
            let number = "+4930123456789"
            let byNumber = try await rig.adapter.listCalls(rig.query(hours: 96, number: "030 123456789"), page: PageRequest(limit: 1000), context: rig.context).items
            #expect(!byNumber.isEmpty)
            #expect(byNumber.map(\.id) == all.filter { $0.from.number == number || $0.to.number == number }.map(\.id))
            let byDevice = try await rig.adapter.listCalls(rig.query(hours: 96, user: "fo212345ip12345_00"), page: PageRequest(limit: 1000), context: rig.context).items
            #expect(!byDevice.isEmpty && byDevice.allSatisfy { $0.direction == .outbound && $0.from.name == "Telefon Martin Mustermann" })
        }
    }

    @Test func originateByDeviceNameOrIdThenTheCallShows() async throws {
        try await FonialRig.with { rig in
            let result = try await rig.adapter.originate(OriginateRequest(from: "Telefon Empfang", to: "0221 11223344"), context: rig.context)
            #expect(result.callId == nil)
            _ = try await rig.adapter.originate(OriginateRequest(from: "ignored", to: "+4930555000111", device: "674"), context: rig.context)
            #expect(rig.simulator.callbackCount == 2)
            let calls = try await rig.adapter.listCalls(rig.query(hours: 1), page: PageRequest(limit: 100), context: rig.context).items
            #expect(calls.contains { $0.to.number == "+4922111223344" && $0.from.name == "Telefon Empfang" && $0.direction == .outbound })
            #expect(calls.contains { $0.to.number == "+4930555000111" && $0.from.name == "Telefon Bettina Beispiel" })

            await #expect(throws: PBXError.invalidInput("no fonial device has that id or name")) {
                try await rig.adapter.originate(OriginateRequest(from: "Telefon Nirgendwo", to: "+4930555000111"), context: rig.context)
            }
            await #expect(throws: PBXError.self) {
                try await rig.adapter.originate(OriginateRequest(from: "23", to: "**21#"), context: rig.context)
            }
            await #expect(throws: PBXError.self) {
                try await rig.adapter.originate(OriginateRequest(from: "23/../x", to: "+4930555000111"), context: rig.context)
            }
            #expect(rig.simulator.callbackCount == 2)
        }
    }

    @Test func wrongCallbackPathIsAClearUpstreamError() async throws {
        try await FonialRig.with(callbackPath: "/callback") { rig in
            await #expect {
                try await rig.adapter.originate(OriginateRequest(from: "23", to: "+4930555000111"), context: rig.context)
            } throws: { error in
                guard case .upstream(let status, let detail) = error as? PBXError else { return false }
                return status == 404 && detail.contains("/callback")
            }
        }
    }

    @Test func devicesNumbersAndLookup() async throws {
        try await FonialRig.with { rig in
            let devices = try await rig.adapter.devices(context: rig.context)
            #expect(devices.map(\.id) == ["23", "674", "1234", "1301"])
            #expect(devices.first?.name == "Telefon Martin Mustermann")
            let numbers = try await rig.adapter.numbers(context: rig.context)
            #expect(numbers.map(\.number) == ["+4922166966966", "+4922166966999", "+4930555123400"])
            let match = try await rig.adapter.lookup(number: "022166966999", context: rig.context)
            #expect(match == [LookupMatch(kind: .user, id: "276", name: nil, company: nil, matchedNumber: "+4922166966999")])
            #expect(try await rig.adapter.lookup(number: "+4989999999", context: rig.context).isEmpty)
        }
    }

    @Test func upstreamFailuresMapToTypedErrors() async throws {
        try await FonialRig.with { rig in
            _ = try await rig.adapter.devices(context: rig.context)
            rig.setFaults { $0.garbageBody = true }
            await #expect { try await rig.adapter.devices(context: rig.context) } throws: { error in
                if case .upstream = error as? PBXError { true } else { false }
            }
            rig.setFaults { $0 = SimulatorFaults(); $0.closeMidBody = true }
            await #expect { try await rig.adapter.devices(context: rig.context) } throws: { error in
                if case .upstream = error as? PBXError { true } else { false }
            }
            rig.setFaults { $0 = SimulatorFaults(); $0.latencyMs = 1500 }
            let short = PBXContext(deadline: .now + .milliseconds(300), requestID: "t")
            await #expect { try await rig.adapter.devices(context: short) } throws: { error in
                if case .timeout = error as? PBXError { true } else { false }
            }
            rig.setFaults { $0 = SimulatorFaults() }
            #expect(try await rig.adapter.devices(context: rig.context).count == 4)
            #expect(rig.logins == 1)
        }
    }

    @Test func declaresWhatFonialHasAndNothingElse() async throws {
        try await FonialRig.with { rig in
            #expect(rig.adapter.capabilities == [.callsList, .callsGet, .callsOriginate, .devicesList, .numbersList, .phonebookLookup])
            await #expect(throws: PBXError.unsupported(.usersList)) {
                try await rig.adapter.listUsers(query: nil, page: PageRequest(limit: 10), context: rig.context)
            }
            #expect(rig.simulator.control.counters.isEmpty)
        }
    }
}
