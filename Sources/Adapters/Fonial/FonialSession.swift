import Foundation
import PBXCore

/// The one fonial session of a tenant. Creates and authenticates it on first use, hands the
/// same `sid` to every request, and when fonial says a session is no longer good, logs in
/// again exactly once however many requests noticed it at the same time (single flight),
/// then each of them replays its request once.
///
/// A login runs on its own task with its own time limit (`loginTimeout`), shared by every
/// request that needs it; each request waits for it only until its own deadline (then it
/// fails with `.timeout`, → 504) and leaving does not stop the login for the others.
///
/// A failed login is not repeated at once: further logins wait 1 s, 2 s, 4 s … (configurable,
/// with up to 10 % jitter, capped at 60 s), so a wrong password never hammers the account;
/// meanwhile requests fail fast with the last login error. The `sid` never leaves this type
/// and the client: it is not logged, not in errors and not in events.
actor FonialSession {
    /// A session as handed to one request; `generation` tells a stale one from its successor.
    struct Lease: Sendable {
        var sid: String
        var generation: Int
    }

    private let client: FonialClient
    private let clock: any WallClock
    private let events: @Sendable (AdapterEvent) -> Void
    private let jitter: @Sendable () -> Double

    private var current: (lease: Lease, since: Date)?
    private var generation = 0
    private var login: FonialLoginFlight?
    private var failures = 0
    private var nextAttempt: Date?
    private var lastFailure: PBXError?
    private(set) var loginCount = 0

    /// Requests waiting for the login in progress (tests and diagnostics).
    var loginWaiters: Int { login?.waiting ?? 0 }

    init(client: FonialClient, clock: any WallClock, events: @escaping @Sendable (AdapterEvent) -> Void,
         jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...0.1) }) {
        self.client = client
        self.clock = clock
        self.events = events
        self.jitter = jitter
    }

    /// Runs `operation` with a good sid; on a session sign, renews once and replays once.
    /// Waiting for a login ends at `context`'s deadline.
    nonisolated func run<T: Sendable>(
        context: PBXContext, _ operation: @Sendable (String) async throws(PBXError) -> FonialReply<T>
    ) async throws(PBXError) -> T {
        let lease = try await self.lease(until: context.deadline)
        if case .ok(let value) = try await operation(lease.sid) { return value }
        let fresh = try await renew(after: lease.generation, until: context.deadline)
        if case .ok(let value) = try await operation(fresh.sid) { return value }
        // A session that fonial refuses right after authenticating it: no loop, no second
        // login; the next request starts over.
        await invalidate(generation: fresh.generation)
        throw .upstream(status: nil, detail: "fonial refused a freshly authenticated session")
    }

    /// The current session, logging in first when there is none (or it is older than
    /// `sessionMaxAge`).
    func lease(until deadline: ContinuousClock.Instant) async throws(PBXError) -> Lease {
        if let current, !isTooOld(current.since) { return current.lease }
        return try await loginOnce(until: deadline)
    }

    /// Called by a request whose session `generation` was refused: the first caller drops
    /// it and logs in; callers that saw the same generation join that login; callers with
    /// an older generation get the session that already replaced theirs.
    func renew(after stale: Int, until deadline: ContinuousClock.Instant) async throws(PBXError) -> Lease {
        if let current, current.lease.generation != stale { return current.lease }
        current = nil
        return try await loginOnce(until: deadline)
    }

    func invalidate(generation stale: Int) {
        if current?.lease.generation == stale { current = nil }
    }

    private func isTooOld(_ since: Date) -> Bool {
        guard let maxAge = client.configuration.sessionMaxAge else { return false }
        return clock.now().timeIntervalSince(since) >= Self.seconds(maxAge)
    }

    /// Joins the login in progress, or starts one (unless backing off), and waits for it
    /// until `deadline`.
    private func loginOnce(until deadline: ContinuousClock.Instant) async throws(PBXError) -> Lease {
        if let login { return try await login.wait(until: deadline).get() }
        if let nextAttempt, let lastFailure, clock.now() < nextAttempt {
            let wait = max(1, Int(nextAttempt.timeIntervalSince(clock.now()).rounded(.up)))
            throw Self.noting(lastFailure, "next fonial login attempt in \(wait) s")
        }
        let flight = FonialLoginFlight()
        login = flight
        // Not a child of this request: it must outlive the request's deadline or cancellation.
        Task { [client] in
            let result: Result<String, PBXError>
            do throws(PBXError) {
                let limit = ContinuousClock.now + client.configuration.loginTimeout
                let sid = try await client.createSession(timeout: limit - .now)
                try await client.authenticate(sid: sid, timeout: max(.milliseconds(1), limit - .now))
                result = .success(sid)
            } catch {
                result = .failure(error)
            }
            flight.finish(self.finishLogin(result))
        }
        return try await flight.wait(until: deadline).get()
    }

    private func finishLogin(_ result: Result<String, PBXError>) -> Result<Lease, PBXError> {
        login = nil
        loginCount += 1
        let tenant = client.configuration.tenant
        switch result {
        case .success(let sid):
            generation += 1
            let lease = Lease(sid: sid, generation: generation)
            current = (lease, clock.now())
            failures = 0
            nextAttempt = nil
            lastFailure = nil
            events(.sessionLogin(tenant: tenant, success: true))
            return .success(lease)
        case .failure(let error):
            failures += 1
            let base = Self.seconds(client.configuration.loginBackoff) * pow(2, Double(min(failures - 1, 20)))
            let delay = min(base, Self.seconds(client.configuration.loginBackoffMax)) * (1 + jitter())
            nextAttempt = clock.now().addingTimeInterval(delay)
            lastFailure = error
            events(.sessionLogin(tenant: tenant, success: false))
            return .failure(error)
        }
    }

    /// The same error with a note appended to its summary.
    static func noting(_ error: PBXError, _ note: String) -> PBXError {
        switch error {
        case .authenticationFailed(let s): .authenticationFailed("\(s); \(note)")
        case .upstream(let status, let s): .upstream(status: status, detail: "\(s); \(note)")
        case .unavailable(let s): .unavailable("\(s); \(note)")
        case .timeout(let s): .timeout("\(s); \(note)")
        case .invalidInput(let s): .invalidInput("\(s); \(note)")
        case .conflict(let s): .conflict("\(s); \(note)")
        case .notFound, .unsupported: error
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
