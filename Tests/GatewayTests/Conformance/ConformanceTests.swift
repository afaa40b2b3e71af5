import Foundation
import Testing
@testable import Gateway
import PBXCore
import Simulators

/// Vendors that have both a simulator and an adapter; the suite runs unchanged for each.
enum ConformanceVendors {
    static var all: [String] {
        SimulatorCatalog.vendors.filter { SimulatorCatalog.make(vendor: $0) != nil && AdapterRegistry.constructors[$0] != nil }
    }
}

/// The shared conformance suite: every vendor, through the running gateway and its
/// simulator, against the contract of API.md (shapes, ids, paging, writes, errors, 501s).
@Suite(.serialized) struct ConformanceTests {
    /// One list endpoint of the contract.
    struct ListEndpoint: Sendable {
        var capability: Capability
        var path: String
        var shape: [String: FieldKind]
    }

    static var weekAgo: String {
        let d = Date().addingTimeInterval(-7 * 86400)
        return String(RFC3339.format(d).prefix(10))
    }

    /// Now in whole seconds: an explicit `until` keeps the window identical across the
    /// requests of one walk (the default `until` is "now" at each request).
    static var now: String { RFC3339.format(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))) }

    static var lists: [ListEndpoint] {
        [ListEndpoint(capability: .callsList, path: "/calls?since=\(weekAgo)", shape: ContractShape.call),
         ListEndpoint(capability: .callsActive, path: "/calls/active", shape: ContractShape.activeCall),
         ListEndpoint(capability: .usersList, path: "/users", shape: ContractShape.user),
         ListEndpoint(capability: .queuesList, path: "/queues", shape: ContractShape.queue),
         ListEndpoint(capability: .phonebookList, path: "/phonebook", shape: ContractShape.contact),
         ListEndpoint(capability: .voicemailBoxes, path: "/voicemail/boxes", shape: ContractShape.voicemailBox),
         ListEndpoint(capability: .devicesList, path: "/devices", shape: ContractShape.device),
         ListEndpoint(capability: .numbersList, path: "/numbers", shape: ContractShape.phoneNumber)]
    }

    /// Every operation with placeholder ids, for the 501 check of undeclared capabilities.
    static let operations: [(Capability, String, String, String?)] = [
        (.callsList, "GET", "/calls", nil), (.callsGet, "GET", "/calls/x1", nil), (.callsActive, "GET", "/calls/active", nil),
        (.callsOriginate, "POST", "/calls", #"{"from":"101","to":"+4922166966966"}"#),
        (.callsHangup, "POST", "/calls/active/x1/hangup", nil), (.callsTransfer, "POST", "/calls/active/x1/transfer", #"{"to":"102"}"#),
        (.usersList, "GET", "/users", nil), (.usersGet, "GET", "/users/x1", nil),
        (.queuesList, "GET", "/queues", nil), (.queuesGet, "GET", "/queues/x1", nil), (.queuesAgents, "GET", "/queues/x1/agents", nil),
        (.queuesPause, "POST", "/queues/x1/agents/x2/pause", nil),
        (.phonebookList, "GET", "/phonebook", nil), (.phonebookGet, "GET", "/phonebook/x1", nil),
        (.phonebookCreate, "POST", "/phonebook", #"{"name":"Probe"}"#), (.phonebookUpdate, "PUT", "/phonebook/x1", #"{"name":"Probe"}"#),
        (.phonebookDelete, "DELETE", "/phonebook/x1", nil), (.phonebookLookup, "GET", "/phonebook/lookup?number=%2B4922166966966", nil),
        (.voicemailBoxes, "GET", "/voicemail/boxes", nil), (.voicemailMessages, "GET", "/voicemail/boxes/x1/messages", nil),
        (.voicemailAudio, "GET", "/voicemail/boxes/x1/messages/x2/audio", nil), (.voicemailDelete, "DELETE", "/voicemail/boxes/x1/messages/x2", nil),
        (.devicesList, "GET", "/devices", nil), (.numbersList, "GET", "/numbers", nil),
    ]

    @Test(arguments: ConformanceVendors.all)
    func readsMatchTheContract(vendor: String) async throws {
        try await TestGateway.with(vendors: [vendor]) { gw in
            let t = ConformanceProbe(gateway: gw, tenant: vendor)
            let tenant = try await t.get("")
            #expect(ContractShape.violations(tenant.json, ContractShape.tenant) == [])
            let capabilities = try await t.capabilities()
            #expect(!capabilities.isEmpty, "\(vendor) declares nothing")

            var first: [Capability: JSONValue] = [:]
            for list in Self.lists where capabilities.contains(list.capability) {
                let items = try await t.list(list.path, shape: list.shape)
                first[list.capability] = items.first
            }
            // Get-by-id of a listed item returns that item.
            func same(_ path: String, _ capability: Capability, _ listed: JSONValue?, _ shape: [String: FieldKind]) async throws {
                guard capabilities.contains(capability), let id = listed?["id"]?.stringValue else { return }
                let r = try await t.get(path + "/" + PhonebookRoutes.encode(id))
                #expect(r.status == 200, "\(vendor) \(path)/\(id): \(r.text)")
                #expect(ContractShape.violations(r.json, shape) == [], "\(vendor) \(path)/\(id)")
                #expect(r.json?["id"]?.stringValue == id)
            }
            try await same("/calls", .callsGet, first[.callsList], ContractShape.call)
            try await same("/users", .usersGet, first[.usersList], ContractShape.user)
            try await same("/queues", .queuesGet, first[.queuesList], ContractShape.queue)
            try await same("/phonebook", .phonebookGet, first[.phonebookList], ContractShape.contact)
            if capabilities.contains(.queuesAgents), let q = first[.queuesList]?["id"]?.stringValue {
                _ = try await t.list("/queues/\(PhonebookRoutes.encode(q))/agents", shape: ContractShape.agent)
            }
            if capabilities.contains(.voicemailMessages), let box = first[.voicemailBoxes]?["id"]?.stringValue {
                let boxPath = "/voicemail/boxes/\(PhonebookRoutes.encode(box))/messages"
                let messages = try await t.list(boxPath, shape: ContractShape.voicemailMessage)
                try await same(boxPath, .voicemailMessages, messages.first, ContractShape.voicemailMessage)
                if capabilities.contains(.voicemailAudio), let m = messages.first?["id"]?.stringValue {
                    let audio = try await t.get("\(boxPath)/\(PhonebookRoutes.encode(m))/audio")
                    #expect(audio.status == 200 && !audio.body.isEmpty, "\(vendor) audio")
                    #expect(audio.header("Content-Type")?.hasPrefix("audio/") == true)
                    #expect(audio.header("Content-Length") == String(audio.body.count))
                }
            }
            if capabilities.contains(.phonebookLookup) {
                let number = first[.phonebookList]?["numbers"]?.arrayValue?.first?["number"]?.stringValue ?? "+4922166966966"
                _ = try await t.list("/phonebook/lookup?number=\(number.replacingOccurrences(of: "+", with: "%2B"))", shape: ContractShape.lookupMatch)
            }
            // Everything undeclared answers 501 naming the capability, before any vendor call.
            for (capability, method, path, body) in Self.operations where !capabilities.contains(capability) {
                let r = try await gw.request(method, "/v1/tenants/\(vendor)\(path)", body: body)
                #expect(r.status == 501, "\(vendor) \(method) \(path)")
                #expect(r.json?["capability"]?.stringValue == capability.rawValue, "\(vendor) \(path)")
            }
        }
    }

    @Test(arguments: ConformanceVendors.all)
    func pagingHasNoDuplicatesAndNoGaps(vendor: String) async throws {
        try await TestGateway.with(vendors: [vendor]) { gw in
            let t = ConformanceProbe(gateway: gw, tenant: vendor)
            let capabilities = try await t.capabilities()
            var paged = 0
            for list in Self.lists where capabilities.contains(list.capability) && list.capability != .callsActive {
                let path = list.capability == .callsList ? list.path + "&until=\(Self.now)" : list.path
                // The whole list, in pages of up to 1000 (an adapter may also end a page early).
                let ids = try await t.walk(path, limit: 1000).flatMap { $0 }
                #expect(Set(ids).count == ids.count, "\(vendor) \(path): duplicate ids")
                guard ids.count >= 3 else { continue }
                let limit = (ids.count + 2) / 3
                let pages = try await t.walk(path, limit: limit)
                #expect(pages.count >= (ids.count + limit - 1) / limit, "\(vendor) \(path): \(pages.map(\.count))")
                #expect(pages.allSatisfy { $0.count <= limit }, "\(vendor) \(path): a page over the limit")
                #expect(pages.flatMap { $0 } == ids, "\(vendor) \(path): small pages differ from big pages")
                paged += 1
            }
            #expect(paged >= 1, "\(vendor): no list with three items to page through")
        }
    }

    @Test(arguments: ConformanceVendors.all)
    func writesShowInTheNextRead(vendor: String) async throws {
        try await TestGateway.with(vendors: [vendor]) { gw in
            let t = ConformanceProbe(gateway: gw, tenant: vendor)
            let capabilities = try await t.capabilities()
            if capabilities.contains(.phonebookCreate) {
                let created = try await t.send("POST", "/phonebook", #"{"name":"Conformance Probe","company":"Switchboard","numbers":[{"type":"work","number":"+4922100000001"}]}"#)
                #expect(created.status == 201, "\(vendor): \(created.text)")
                #expect(ContractShape.violations(created.json, ContractShape.contact) == [])
                var id = try #require(created.json?["id"]?.stringValue)
                #expect(created.header("Location") == "/v1/tenants/\(vendor)/phonebook/\(PhonebookRoutes.encode(id))")
                if capabilities.contains(.phonebookGet) {
                    #expect(try await t.get("/phonebook/\(PhonebookRoutes.encode(id))").json?["name"]?.stringValue == "Conformance Probe")
                }
                if capabilities.contains(.phonebookUpdate) {
                    let updated = try await t.send("PUT", "/phonebook/\(PhonebookRoutes.encode(id))", #"{"name":"Probe Renamed","numbers":[{"type":"mobile","number":"+4917100000002"}]}"#)
                    #expect(updated.status == 200, "\(vendor): \(updated.text)")
                    #expect(ContractShape.violations(updated.json, ContractShape.contact) == [])
                    // A vendor without an update operation replaces (delete + add): the
                    // answer's id is the contact's id from now on, and the old one is gone.
                    let newID = try #require(updated.json?["id"]?.stringValue)
                    if capabilities.contains(.phonebookGet) {
                        #expect(try await t.get("/phonebook/\(PhonebookRoutes.encode(newID))").json?["name"]?.stringValue == "Probe Renamed")
                        if newID != id { #expect(try await t.get("/phonebook/\(PhonebookRoutes.encode(id))").status == 404) }
                    }
                    id = newID
                }
                if capabilities.contains(.phonebookDelete) {
                    #expect(try await t.send("DELETE", "/phonebook/\(PhonebookRoutes.encode(id))", nil).status == 204)
                    if capabilities.contains(.phonebookGet) {
                        #expect(try await t.get("/phonebook/\(PhonebookRoutes.encode(id))").status == 404)
                    }
                }
            }
            if capabilities.contains(.queuesPause), capabilities.contains(.queuesAgents), capabilities.contains(.queuesList),
               let queue = try await t.list("/queues", shape: ContractShape.queue).first?["id"]?.stringValue {
                let agentsPath = "/queues/\(PhonebookRoutes.encode(queue))/agents"
                if let agent = try await t.list(agentsPath, shape: ContractShape.agent).first?["id"]?.stringValue {
                    let agentPath = "\(agentsPath)/\(PhonebookRoutes.encode(agent))"
                    #expect(try await t.send("POST", agentPath + "/pause", #"{"reason":"conformance"}"#).status == 202)
                    let paused = try await t.list(agentsPath, shape: ContractShape.agent).first { $0["id"]?.stringValue == agent }
                    #expect(paused?["paused"]?.boolValue == true, "\(vendor): pause not visible")
                    #expect(try await t.send("POST", agentPath + "/unpause", nil).status == 202)
                    let unpaused = try await t.list(agentsPath, shape: ContractShape.agent).first { $0["id"]?.stringValue == agent }
                    #expect(unpaused?["paused"]?.boolValue == false, "\(vendor): unpause not visible")
                }
            }
            if capabilities.contains(.callsOriginate) {
                var from: String?
                if capabilities.contains(.usersList) {
                    from = try await t.list("/users", shape: ContractShape.user).first?["extensions"]?.arrayValue?.first?.stringValue
                }
                if from == nil, capabilities.contains(.devicesList) {
                    from = try await t.list("/devices", shape: ContractShape.device).first?["id"]?.stringValue
                }
                let caller = try #require(from, "\(vendor): nothing to dial from")
                let r = try await t.send("POST", "/calls", #"{"from":"\#(caller)","to":"+4922166966966"}"#)
                #expect(r.status == 202, "\(vendor): \(r.text)")
                #expect(r.json?["status"]?.stringValue == "queued")
                let callId = try #require(r.json?["callId"])
                #expect(callId.isNull || callId.stringValue?.isEmpty == false)
            }
        }
    }

    enum Fault: String, CaseIterable, Sendable { case status500, garbage, closeMidBody, latency }

    @Test(arguments: ConformanceVendors.all, Fault.allCases)
    func upstreamFaultsMapToProblems(vendor: String, fault: Fault) async throws {
        // A short deadline only where the fault is latency, so a loaded machine does not
        // turn the other faults into timeouts.
        let overrides = fault == .latency ? [vendor: ["timeoutSeconds": "2"]] : [:]
        try await TestGateway.with(vendors: [vendor], tenantOverrides: overrides) { gw in
            let t = ConformanceProbe(gateway: gw, tenant: vendor)
            let path = try await t.someRead()
            var faults = SimulatorFaults()
            switch fault {
            case .status500: faults.status = 500
            case .garbage: faults.garbageBody = true
            case .closeMidBody: faults.closeMidBody = true
            case .latency: faults.latencyMs = 4000
            }
            gw.simulator(vendor).simulator.control.setFaults(faults)
            let r = try await t.get(path)
            gw.simulator(vendor).simulator.control.setFaults(SimulatorFaults())
            let expected = fault == .latency ? 504 : 502
            #expect(r.status == expected, "\(vendor) \(fault) \(path): \(r.text)")
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(r.json?["tenant"]?.stringValue == vendor)
        }
    }

    @Test(arguments: ConformanceVendors.all)
    func stoppedVendorIs502Or503(vendor: String) async throws {
        try await TestGateway.with(vendors: [vendor]) { gw in
            let t = ConformanceProbe(gateway: gw, tenant: vendor)
            let path = try await t.someRead()
            await gw.simulator(vendor).shutdown()
            let r = try await t.get(path)
            #expect(r.status == 502 || r.status == 503, "\(vendor): \(r.status) \(r.text)")
        }
    }
}

/// Requests to one tenant of a test gateway, with the contract's list checks.
struct ConformanceProbe {
    let gateway: TestGateway
    let tenant: String
    var base: String { "/v1/tenants/\(tenant)" }

    func get(_ path: String) async throws -> TestResponse { try await gateway.request("GET", base + path) }

    func send(_ method: String, _ path: String, _ body: String?) async throws -> TestResponse {
        try await gateway.request(method, base + path, body: body)
    }

    func capabilities() async throws -> Set<Capability> {
        let list = try await get("").json?["capabilities"]?.arrayValue ?? []
        return Set(list.compactMap { $0.stringValue.flatMap(Capability.init(rawValue:)) })
    }

    /// GETs a list, checks the envelope and every item's shape, returns the items.
    func list(_ path: String, shape: [String: FieldKind]) async throws -> [JSONValue] {
        let r = try await get(path)
        #expect(r.status == 200, "\(tenant) \(path): \(r.status) \(r.text.prefix(300))")
        #expect(Set(r.json?.objectValue?.keys ?? []) == ["data", "nextCursor"], "\(tenant) \(path): list envelope")
        let items = r.json?["data"]?.arrayValue ?? []
        for (i, item) in items.enumerated() {
            let problems = ContractShape.violations(item, shape, at: "\(path)[\(i)]")
            #expect(problems == [], "\(tenant)")
        }
        return items
    }

    /// Every page of `path` with `limit`, as ids.
    func walk(_ path: String, limit: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: String?
        repeat {
            var target = path + (path.contains("?") ? "&" : "?") + "limit=\(limit)"
            if let cursor { target += "&cursor=\(cursor)" }
            let r = try await get(target)
            #expect(r.status == 200, "\(tenant) \(target): \(r.text.prefix(200))")
            pages.append(r.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            cursor = r.json?["nextCursor"]?.stringValue
        } while cursor != nil && pages.count < 200
        return pages
    }

    /// A read the tenant declares, for fault tests.
    func someRead() async throws -> String {
        let capabilities = try await capabilities()
        for (capability, path) in [(Capability.usersList, "/users"), (.devicesList, "/devices"), (.queuesList, "/queues"), (.callsList, "/calls")]
        where capabilities.contains(capability) { return path }
        throw ProbeError.noRead
    }

    enum ProbeError: Error { case noRead }
}
