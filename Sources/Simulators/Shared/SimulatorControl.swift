import Foundation
import HTTPServer
import Synchronization

/// Fault modes a simulator can be switched into at run time, over its control endpoint
/// (`POST /_sim/faults`) or directly from tests.
public struct SimulatorFaults: Sendable, Codable, Equatable {
    /// Added before every vendor answer, in milliseconds.
    public var latencyMs: Int = 0
    /// Answer every vendor request with this HTTP status (and a vendor-shaped error body).
    public var status: Int?
    /// Answer with bytes that are not what the vendor would send.
    public var garbageBody: Bool = false
    /// Announce the full body, send half of it, close.
    public var closeMidBody: Bool = false
    /// Refuse logins (fonial `/session/authenticate`; Basic/app-key/key checks elsewhere).
    public var loginFailure: Bool = false
    /// fonial: a session expires after this many authenticated requests.
    public var sessionExpiryAfterRequests: Int?
    /// fonial: a session expires this many seconds after authentication.
    public var sessionExpiryAfterSeconds: Double?
    /// Only requests whose endpoint name contains this string are affected (nil = all).
    public var onlyEndpoint: String?

    public init() {}
}

/// Shared state of one simulator: faults and per-endpoint request counters. Thread-safe,
/// because every event loop of the simulator's server reads it.
public final class SimulatorControl: Sendable {
    private struct State {
        var faults = SimulatorFaults()
        var counters: [String: Int] = [:]
    }
    private let state = Mutex(State())

    public init() {}

    public var faults: SimulatorFaults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    public func setFaults(_ f: SimulatorFaults) { faults = f }

    /// Counts one request to `endpoint` (a stable name such as `GET /cdr/` or `reqtype=INFO`).
    public func count(_ endpoint: String) {
        state.withLock { $0.counters[endpoint, default: 0] += 1 }
    }

    public func count(of endpoint: String) -> Int { state.withLock { $0.counters[endpoint] ?? 0 } }
    public var counters: [String: Int] { state.withLock { $0.counters } }
    public func resetCounters() { state.withLock { $0.counters = [:] } }

    /// The fault response to send instead of the real answer, if any fault applies to
    /// `endpoint`; `vendorError` renders the vendor's own error body for a status.
    /// Applies latency as a side effect.
    public func fault(for endpoint: String, vendorError: (Int) -> HTTPResponse) async -> HTTPResponse? {
        let f = faults
        if let only = f.onlyEndpoint, !endpoint.contains(only) { return nil }
        if f.latencyMs > 0 { try? await Task.sleep(for: .milliseconds(f.latencyMs)) }
        if let status = f.status { return vendorError(status) }
        if f.garbageBody {
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"],
                                body: Array("<html><body>502 garbage \u{1}\u{2}{\"unterminated".utf8))
        }
        return nil
    }

    /// Applies `closeMidBody` to an otherwise good response.
    public func finish(_ response: HTTPResponse, endpoint: String) -> HTTPResponse {
        let f = faults
        if let only = f.onlyEndpoint, !endpoint.contains(only) { return response }
        guard f.closeMidBody else { return response }
        var r = response
        r.delivery = .closeAfter(bytes: max(0, r.body.count / 2))
        return r
    }

    /// Control routes every simulator serves beside the vendor API:
    /// `GET /_sim/counters`, `POST /_sim/counters/reset`, `GET|POST /_sim/faults`,
    /// `POST /_sim/faults/reset`.
    public func install(on router: inout Router) {
        router.get("/_sim/counters") { [self] _, _ in
            .json(try JSONEncoder.sorted.encode(counters).bytes)
        }
        router.post("/_sim/counters/reset") { [self] _, _ in
            resetCounters()
            return HTTPResponse(status: .noContent)
        }
        router.get("/_sim/faults") { [self] _, _ in
            .json(try JSONEncoder.sorted.encode(faults).bytes)
        }
        router.post("/_sim/faults") { [self] request, _ in
            guard let f = try? JSONDecoder().decode(SimulatorFaults.self, from: Data(request.body)) else {
                throw HTTPError.badRequest("Body must be a JSON SimulatorFaults object.")
            }
            setFaults(f)
            return .json(try JSONEncoder.sorted.encode(f).bytes)
        }
        router.post("/_sim/faults/reset") { [self] _, _ in
            setFaults(SimulatorFaults())
            return HTTPResponse(status: .noContent)
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
