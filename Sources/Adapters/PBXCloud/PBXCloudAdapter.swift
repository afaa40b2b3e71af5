import Foundation
import PBXCore
import Upstream

/// PBX Cloud (MiRTA `proxyapi.php`): every capability of the public API maps to a reqtype
/// (CATALOGUE §6). Phonebook update is delete + add — not atomic, and the contact id
/// changes (MiRTA has no update sub-request).
public struct PBXCloudAdapter: PBXAdapter {
    /// Only libcurl is known to end each request at the deadline (its timeouts come from
    /// `remaining`); any other transport gets the gateway's own timer.
    public var enforcesDeadline: Bool { client.transport is CurlClient }
    public let vendor = "pbxcloud"
    public let capabilities: Set<Capability> = Set(Capability.allCases)

    let client: PBXCloudClient
    let clock: any WallClock
    let pager: PBXCloudCallPager
    var configuration: PBXCloudConfiguration { client.configuration }

    public init(configuration: PBXCloudConfiguration, transport: any UpstreamTransport, clock: any WallClock,
                events: @escaping @Sendable (AdapterEvent) -> Void) {
        client = PBXCloudClient(configuration: configuration, transport: transport, events: events)
        self.clock = clock
        pager = PBXCloudCallPager(window: configuration.cdrWindow)
    }

    public static func make(settings: TenantSettings, transport: any UpstreamTransport, clock: any WallClock,
                            events: @escaping @Sendable (AdapterEvent) -> Void) throws -> PBXCloudAdapter {
        PBXCloudAdapter(configuration: try PBXCloudConfiguration(settings: settings), transport: transport, clock: clock, events: events)
    }

    /// Mapping with the tenant's extensions, so parties, agents and devices link to users.
    func mapping(_ context: PBXContext) async throws(PBXError) -> PBXCloudMapping {
        mapping(extensions: try await client.extensions(context: context))
    }

    func mapping(extensions: [PBXCloudExtension] = []) -> PBXCloudMapping {
        PBXCloudMapping(timeZone: configuration.timeZone, country: configuration.country,
                        vendorTenant: configuration.vendorTenant, extensions: extensions)
    }

    // MARK: Calls

    public func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call> {
        let map = try await mapping(context)
        return try await pager.page(query, request: page) { start, end in
            try await client.cdrs(from: start, to: end, context: context).compactMap(map.call)
                .filter { PBXCloudCallPager.matches($0, query, normalizer: map.normalizer) }
        }
    }

    public func call(id: String, context: PBXContext) async throws -> Call {
        try PBXCloudClient.validateID(id, what: "call id")
        let map = try await mapping(context)
        guard let cdr = try await client.call(id: id, context: context), var call = map.call(cdr) else {
            throw PBXError.notFound("call \(id)")
        }
        // `info=call` also answers for the originate id DIAL returned; keep the id asked for.
        if cdr.record["originateid"] == id { call.id = id }
        return call
    }

    public func activeCalls(context: PBXContext) async throws -> [ActiveCall] {
        let map = try await mapping(context)
        let now = clock.now()
        return Self.bridges(try await client.channels(context: context)).compactMap { map.activeCall($0, now: now) }
    }

    /// One active call per bridge: the channel that started it (`uniqueid == linkedid`)
    /// stands for its `linkedid` group.
    static func bridges(_ channels: [PBXCloudChannel]) -> [PBXCloudChannel] {
        var seen: Set<String> = []
        var out: [PBXCloudChannel] = []
        let isLeader = { (c: PBXCloudChannel) in c.record["uniqueid"] == c.record["linkedid"] }
        for c in channels.filter(isLeader) + channels.filter({ !isLeader($0) }) {
            let group = c.record["linkedid"] ?? c.record["uniqueid"] ?? ""
            if seen.insert(group).inserted { out.append(c) }
        }
        return out.sorted { ($0.record["uniqueid"] ?? "") < ($1.record["uniqueid"] ?? "") }
    }

    public func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult {
        try PBXCloudClient.validateID(request.from, what: "from")
        let extensions = try await client.extensions(context: context)
        guard let source = extensions.first(where: { $0.id == request.from })?.record["ex_number"]
                ?? extensions.first(where: { $0.record["ex_number"] == request.from })?.record["ex_number"] else {
            throw PBXError.invalidInput("from is not a user or extension of this tenant")
        }
        let answer = try await client.dial(source: source, dest: request.to, account: request.device, context: context)
        return OriginateResult(callId: answer.identifier)
    }

    public func hangup(activeCallID: String, context: PBXContext) async throws {
        try await client.hangup(channel: try await channel(of: activeCallID, context: context), context: context)
    }

    public func transfer(activeCallID: String, to number: String, context: PBXContext) async throws {
        try await client.transfer(channel: try await channel(of: activeCallID, context: context), dest: number, context: context)
    }

    /// The channel name behind an active call id (its `uniqueid`, or the bridge's `linkedid`).
    func channel(of id: String, context: PBXContext) async throws -> String {
        try PBXCloudClient.validateID(id, what: "active call id")
        let channels = try await client.channels(context: context)
        let hit = channels.first { $0.record["uniqueid"] == id } ?? channels.first { $0.record["linkedid"] == id }
        guard let name = hit?.record["channel"] else { throw PBXError.notFound("active call \(id)") }
        return name
    }

    // MARK: Users

    public func listUsers(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<User> {
        let map = mapping()
        var users = try await client.extensions(context: context).compactMap(map.user)
        if let q = query?.lowercased(), !q.isEmpty {
            users = users.filter { u in
                [u.name, u.username].contains { $0?.lowercased().contains(q) == true } || u.extensions.contains { $0.contains(q) }
            }
        }
        return .all(users)
    }

    public func user(id: String, context: PBXContext) async throws -> User {
        try PBXCloudClient.validateID(id, what: "user id")
        let map = mapping()
        guard let user = try await client.extensions(context: context).first(where: { $0.id == id }).flatMap(map.user) else {
            throw PBXError.notFound("user \(id)")
        }
        return user
    }

    // MARK: Queues

    public func queues(context: PBXContext) async throws -> [Queue] {
        try await client.queues(context: context).compactMap(mapping().queue)
    }

    public func queue(id: String, context: PBXContext) async throws -> Queue {
        guard let q = try await client.queue(id: id, context: context).flatMap(mapping().queue) else { throw PBXError.notFound("queue \(id)") }
        return q
    }

    public func agents(queueID: String, context: PBXContext) async throws -> [Agent] {
        guard let agents = try await client.agents(queue: queueID, context: context) else { throw PBXError.notFound("queue \(queueID)") }
        let map = try await mapping(context)
        return agents.compactMap(map.agent)
    }

    public func pause(queueID: String, agentID: String, reason: String?, context: PBXContext) async throws {
        try await requireAgent(queueID: queueID, agentID: agentID, context: context)
        try await client.agent("pause", agent: agentID, queue: queueID, reason: reason, context: context)
    }

    public func unpause(queueID: String, agentID: String, context: PBXContext) async throws {
        try await requireAgent(queueID: queueID, agentID: agentID, context: context)
        try await client.agent("unpause", agent: agentID, queue: queueID, reason: nil, context: context)
    }

    /// MiRTA's AGENT answers alike for unknown and known agents; look first so a typo is a 404.
    func requireAgent(queueID: String, agentID: String, context: PBXContext) async throws {
        try PBXCloudClient.validateID(agentID, what: "agent id")
        guard let agents = try await client.agents(queue: queueID, context: context) else { throw PBXError.notFound("queue \(queueID)") }
        guard agents.contains(where: { $0.id == agentID }) else { throw PBXError.notFound("agent \(agentID) in queue \(queueID)") }
    }

    // MARK: Devices and numbers

    public func devices(context: PBXContext) async throws -> [Device] {
        let map = try await mapping(context)
        return try await client.peers(context: context).compactMap(map.device)
    }

    public func numbers(context: PBXContext) async throws -> [PhoneNumber] {
        try await client.dids(context: context).compactMap(mapping().number)
    }
}
