import Foundation
import PBXCore
import Synchronization
import Upstream
@testable import Fonial
@testable import Simulators

/// A fonial simulator on loopback and a FonialAdapter talking to it over libcurl, with a
/// settable wall clock for the adapter's login back-off.
struct FonialRig {
    let host: SimulatorHost
    let simulator: FonialSimulator
    let adapter: FonialAdapter
    let clock: FonialTestClock
    let events: FonialEventLog

    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func with(simulator settings: FonialSimulatorSettings = FonialSimulatorSettings(),
                     password: String? = nil, callbackPath: String? = nil, options: [String: String] = [:],
                     _ body: (FonialRig) async throws -> Void) async throws {
        let simulator = FonialSimulator(settings: settings)
        let host = SimulatorHost(simulator: simulator)
        try host.start()
        let clock = FonialTestClock(Date())
        let events = FonialEventLog()
        do {
            let tenant = TenantSettings(
                id: "fonial-test", vendor: "fonial", url: URL(string: host.baseURL)!, username: settings.username,
                password: password ?? settings.password, country: "DE", timeZone: Self.berlin, timeout: .seconds(30),
                callbackPath: callbackPath, options: options)
            let adapter = try FonialAdapter.make(settings: tenant, transport: CurlClient(), clock: clock) { events.record($0) }
            try await body(FonialRig(host: host, simulator: simulator, adapter: adapter, clock: clock, events: events))
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
    }

    var context: PBXContext { PBXContext(deadline: .now + .seconds(60), requestID: "test") }

    func count(_ endpoint: String) -> Int { simulator.control.count(of: endpoint) }
    var logins: Int { count("POST /session/authenticate") }

    func setFaults(_ change: (inout SimulatorFaults) -> Void) {
        var faults = simulator.control.faults
        change(&faults)
        simulator.control.setFaults(faults)
    }

    /// The last `hours` hours up to now (plus a minute for calls booked just now).
    func query(hours: Double = 24, direction: CallDirection? = nil, number: String? = nil, user: String? = nil) -> CallQuery {
        let now = Date()
        return CallQuery(since: now.addingTimeInterval(-hours * 3600), until: now.addingTimeInterval(60),
                         direction: direction, number: number, user: user)
    }

    /// Every page of `query` with `limit`, in order.
    func allPages(_ query: CallQuery, limit: Int) async throws -> [[Call]] {
        var pages: [[Call]] = []
        var token: String?
        repeat {
            let page = try await adapter.listCalls(query, page: PageRequest(limit: limit, token: token), context: context)
            pages.append(page.items)
            token = page.nextToken
        } while token != nil && pages.count < 500
        return pages
    }
}

final class FonialTestClock: WallClock {
    private let value: Mutex<Date>
    init(_ start: Date) { value = Mutex(start) }
    func now() -> Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0.addTimeInterval(seconds) } }
}

final class FonialEventLog: Sendable {
    private let events = Mutex<[AdapterEvent]>([])
    func record(_ event: AdapterEvent) { events.withLock { $0.append(event) } }
    var logins: [Bool] {
        events.withLock { $0.compactMap { if case .sessionLogin(_, let success) = $0 { success } else { nil } } }
    }
    var all: [AdapterEvent] { events.withLock { $0 } }
}
