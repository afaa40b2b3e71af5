import Foundation
import PBXCore
import Upstream

/// fonial API 2.0 behind the neutral capabilities. fonial offers call lists (EVN + journal),
/// a callback, devices and numbers; users, queues, phonebook, voicemail, live calls, hangup
/// and transfer do not exist there and answer 501 from `capabilities` (CATALOGUE §6).
public struct FonialAdapter: PBXAdapter {
    /// Only libcurl is known to end each request at the deadline (its timeouts come from
    /// `remaining`; waits for a login in progress end at the deadline, `FonialLoginFlight`);
    /// any other transport gets the gateway's own timer.
    public var enforcesDeadline: Bool { client.transport is CurlClient }
    public let vendor = "fonial"
    public let capabilities: Set<Capability> = [
        .callsList, .callsGet, .callsOriginate, .devicesList, .numbersList, .phonebookLookup,
    ]

    let configuration: FonialConfiguration
    let client: FonialClient
    let session: FonialSession
    let history: FonialCallHistory
    let mapping: FonialMappingContext

    public static func make(settings: TenantSettings, transport: any UpstreamTransport, clock: any WallClock,
                            events: @escaping @Sendable (AdapterEvent) -> Void) throws -> FonialAdapter {
        try FonialAdapter(configuration: FonialConfiguration(settings: settings), transport: transport, clock: clock, events: events)
    }

    init(configuration: FonialConfiguration, transport: any UpstreamTransport, clock: any WallClock,
         events: @escaping @Sendable (AdapterEvent) -> Void) {
        self.configuration = configuration
        client = FonialClient(configuration: configuration, transport: transport, events: events)
        session = FonialSession(client: client, clock: clock, events: events)
        mapping = FonialMappingContext(timeZone: configuration.timeZone, country: configuration.country)
        history = FonialCallHistory(client: client, session: session, mapping: mapping)
    }

    /// Logins so far (successful or not); for tests and diagnostics, never the sid.
    public func loginCount() async -> Int { await session.loginCount }

    // MARK: Calls

    public func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call> {
        try await history.page(query, page: page, context: context)
    }

    public func call(id: String, context: PBXContext) async throws -> Call {
        try FonialClient.validateID(id, what: "call id")
        return try await history.call(id: id, context: context)
    }

    /// Callback: `from` (or `device`) names a fonial device by id or name (API.md); fonial
    /// rings it, then `to`. fonial returns no call id.
    public func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult {
        let reference = (request.device ?? request.from).trimmingCharacters(in: .whitespaces)
        try FonialClient.validateID(reference, what: "device")
        let target = mapping.normalizer.normalize(request.to)
        guard target.hasPrefix("+"), (8...16).contains(target.count), target.dropFirst().allSatisfy(\.isNumber) else {
            throw PBXError.invalidInput("to must be a phone number that can be written in E.164 (tenant country \(configuration.country))")
        }
        let devices = try await fetchDevices(context: context)
        guard let device = devices.first(where: { $0.id == reference })
            ?? devices.first(where: { $0.name?.caseInsensitiveCompare(reference) == .orderedSame }) else {
            throw PBXError.invalidInput("no fonial device has that id or name")
        }
        try await session.run(context: context) { [client] sid async throws(PBXError) in
            try await client.callback(sid: sid, device: device.id, target: target, context: context)
        }
        return OriginateResult(callId: nil)
    }

    // MARK: Devices and numbers

    public func devices(context: PBXContext) async throws -> [Device] {
        try await fetchDevices(context: context).map(FonialMapping.device)
    }

    public func numbers(context: PBXContext) async throws -> [PhoneNumber] {
        try await fetchNumbers(context: context).map { FonialMapping.number($0, context: mapping) }
    }

    /// Caller-ID lookup: fonial has no phonebook and no users; the account's own numbers are
    /// the only numbers it knows, so a match there is reported as the account (`user`).
    /// Devices carry no numbers in API 2.0, so they cannot match.
    public func lookup(number: String, context: PBXContext) async throws -> [LookupMatch] {
        let wanted = mapping.normalizer.normalize(number)
        return try await numbers(context: context)
            .filter { $0.number == wanted }
            .map { LookupMatch(kind: .user, id: $0.id, name: nil, company: nil, matchedNumber: $0.number) }
    }

    private func fetchDevices(context: PBXContext) async throws(PBXError) -> [FonialDeviceDTO] {
        try await session.run(context: context) { [client] sid async throws(PBXError) in try await client.devices(sid: sid, context: context) }
    }

    private func fetchNumbers(context: PBXContext) async throws(PBXError) -> [FonialNumberDTO] {
        try await session.run(context: context) { [client] sid async throws(PBXError) in try await client.numbers(sid: sid, context: context) }
    }
}
