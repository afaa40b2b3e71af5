import Foundation
import PBXCore
import Upstream

/// pascom: the richest vendor API, nearly every neutral operation has an endpoint.
/// Neutral ids are pascom's path keys: user login names, queue names, device names,
/// mailbox numbers, phonebook and CDR record ids, live `phonecallId`s.
public struct PascomAdapter: PBXAdapter {
    /// Only libcurl is known to end each request at the deadline (its timeouts come from
    /// `remaining`); any other transport gets the gateway's own timer.
    public var enforcesDeadline: Bool { client.transport is CurlClient }
    public let vendor = "pascom"
    public let capabilities: Set<Capability> = Set(Capability.allCases)

    let client: PascomClient
    let mapping: PascomMapping
    let history: PascomCallHistory

    public static func make(settings: TenantSettings, transport: any UpstreamTransport, clock: any WallClock,
                            events: @escaping @Sendable (AdapterEvent) -> Void) throws -> PascomAdapter {
        let config = try PascomConfiguration(settings: settings)
        return PascomAdapter(client: PascomClient(config: config, transport: transport, events: events),
                             mapping: PascomMapping(normalizer: PhoneNumberNormalizer(country: config.country),
                                                    timeZone: config.timeZone))
    }

    init(client: PascomClient, mapping: PascomMapping) {
        self.client = client
        self.mapping = mapping
        self.history = PascomCallHistory(client: client, mapping: mapping)
    }

    // MARK: Calls

    public func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call> {
        try await history.list(query, page: page, context: context)
    }

    public func call(id: String, context: PBXContext) async throws -> Call {
        try await history.call(id: id, context: context)
    }

    public func activeCalls(context: PBXContext) async throws -> [ActiveCall] {
        try await client.liveCalls(context: context).map(mapping.activeCall)
    }

    /// Click-to-dial on the user's default device (or the named device). pascom returns no
    /// call id; the new call is looked up once in `/cdr/live`, best effort.
    public func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult {
        let user = try await userName(for: request.from, context: context)
        try await client.deviceAction(user: user, device: request.device,
                                      PascomDeviceAction(action: "dial", destination: request.to, prefix: client.config.dialPrefix),
                                      context: context)
        let live = (try? await client.liveCalls(context: context)) ?? []
        let mine = live.filter { $0.src.userName == user && ($0.dst.number == request.to || $0.dst.extension == request.to) }
        return OriginateResult(callId: mine.max { ($0.timestampMs ?? 0) < ($1.timestampMs ?? 0) }?.phonecallId)
    }

    /// pascom acts on devices, not calls: the active call's internal party's device hangs up.
    public func hangup(activeCallID: String, context: PBXContext) async throws {
        try await deviceAction(activeCallID, PascomDeviceAction(action: "hangup"), context: context)
    }

    public func transfer(activeCallID: String, to number: String, context: PBXContext) async throws {
        try await deviceAction(activeCallID, PascomDeviceAction(action: "transfer", destination: number), context: context)
    }

    private func deviceAction(_ activeCallID: String, _ action: PascomDeviceAction, context: PBXContext) async throws {
        let call = try await client.liveCall(activeCallID, context: context)
        let side = [call.src, call.dst].first { $0.userName != nil && $0.internal != false }
        guard let side, let user = side.userName else {
            throw PBXError.invalidInput("active call \(activeCallID) has no PBX user whose device could act on it")
        }
        try await client.deviceAction(user: user, device: side.deviceName, action, context: context)
    }

    /// `from` is a user id (login name) or an extension.
    private func userName(for from: String, context: PBXContext) async throws -> String {
        _ = try PascomClient.segment(from, "from")
        guard from.allSatisfy(\.isNumber) else { return from }
        let users = try await client.identities(context: context)
        guard let u = users.first(where: { $0.extension == from }) ?? users.first(where: { $0.name == from }) else {
            throw PBXError.notFound("no user with extension \(from)")
        }
        return u.name
    }

    // MARK: Users

    public func listUsers(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<User> {
        var users = try await client.identities(context: context)
        if let q = query?.lowercased(), !q.isEmpty {
            users = users.filter { u in
                [u.name, u.displayName, u.extension].contains { $0?.lowercased().contains(q) == true }
            }
        }
        let hints = try await client.identityStates(users.map(\.name), context: context)
        return .all(users.map { mapping.user($0, hint: hints[$0.name]) })
    }

    public func user(id: String, context: PBXContext) async throws -> User {
        let u = try await client.identity(id, context: context)
        let hints = try await client.identityStates([u.name], context: context)
        return mapping.user(u, hint: hints[u.name])
    }

    // MARK: Queues

    public func queues(context: PBXContext) async throws -> [Queue] {
        try await client.queues(context: context).map(mapping.queue)
    }

    public func queue(id: String, context: PBXContext) async throws -> Queue {
        mapping.queue(try await client.queue(id, context: context))
    }

    public func agents(queueID: String, context: PBXContext) async throws -> [Agent] {
        let q = try await client.queue(queueID, context: context)
        let hints = try await client.identityStates(q.members.map(\.agent), context: context)
        return q.members.map { mapping.agent($0, hint: hints[$0.agent]) }
    }

    public func pause(queueID: String, agentID: String, reason: String?, context: PBXContext) async throws {
        try await queueAction(queueID, PascomQueueAction(action: "pause", identity: agentID, reason: reason), context: context)
    }

    public func unpause(queueID: String, agentID: String, context: PBXContext) async throws {
        try await queueAction(queueID, PascomQueueAction(action: "unpause", identity: agentID), context: context)
    }

    /// pascom does not say what an action for a non-member does; refuse it here with 404.
    private func queueAction(_ queueID: String, _ action: PascomQueueAction, context: PBXContext) async throws {
        _ = try PascomClient.segment(action.identity, "agent id")
        let q = try await client.queue(queueID, context: context)
        guard q.members.contains(where: { $0.agent == action.identity }) else {
            throw PBXError.notFound("agent \(action.identity) is not a member of queue \(queueID)")
        }
        try await client.queueAction(queueID, action, context: context)
    }

    // MARK: Devices and numbers

    public func devices(context: PBXContext) async throws -> [Device] {
        let headers = try await client.devices(context: context)
        let states = try await client.deviceStates(headers.map(\.name), context: context)
        guard client.config.deviceDetails else { return headers.map { mapping.device($0, state: states[$0.name]) } }
        let client = self.client
        let details = try await withThrowingTaskGroup(of: (Int, PascomDevice?).self) { group in
            for (i, h) in headers.enumerated() {
                group.addTask {
                    do { return (i, try await client.device(h.name, context: context)) } catch PBXError.notFound { return (i, nil) }
                }
            }
            var out = [PascomDevice?](repeating: nil, count: headers.count)
            for try await (i, d) in group { out[i] = d }
            return out
        }
        return headers.enumerated().map { i, h in mapping.device(details[i] ?? h, state: states[h.name]) }
    }

    public func numbers(context: PBXContext) async throws -> [PhoneNumber] {
        try await client.trunkStatus(context: context).numbers.map(mapping.number)
    }
}
