import Synchronization

/// One tenant's circuit breaker. After `failureThreshold` consecutive vendor failures it
/// opens: callers are refused at once with `CircuitOpenError` (503 + Retry-After) and the
/// vendor gets a rest. After `coolDown` exactly one caller is let through as a probe
/// (half-open); its success closes the circuit, its failure opens it for another cool-down.
public final class CircuitBreaker: Sendable {
    public struct Configuration: Sendable {
        public var failureThreshold: Int
        public var coolDown: Duration
        public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(30)) {
            self.failureThreshold = max(1, failureThreshold)
            self.coolDown = coolDown
        }
    }

    /// As `/readyz` and metrics show it.
    public enum Status: String, Sendable, Equatable {
        /// Closed, last call succeeded.
        case ok
        /// Closed with recent failures, or half-open (probing).
        case degraded
        /// Refusing calls.
        case open
    }

    private enum Phase {
        case closed(consecutiveFailures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen(probeInFlight: Bool)
    }

    /// What `acquire` hands out; the probe flag tells `record` how to move the state.
    public struct Permit: Sendable {
        fileprivate let isProbe: Bool
    }

    public enum Outcome: Sendable {
        case success
        case failure
        /// The call ended without telling anything about the vendor (cancelled, bad input,
        /// not found): closed stays as it is, a probe is handed back.
        case neutral
    }

    public let tenant: String
    public let configuration: Configuration
    private let clock: any MonotonicClock
    private let phase: Mutex<Phase>

    public init(tenant: String, configuration: Configuration = Configuration(), clock: any MonotonicClock = SystemMonotonicClock()) {
        self.tenant = tenant
        self.configuration = configuration
        self.clock = clock
        self.phase = Mutex(.closed(consecutiveFailures: 0))
    }

    public var status: Status {
        phase.withLock { phase in
            switch phase {
            case .closed(let failures): failures == 0 ? .ok : .degraded
            case .open(let until): clock.now() >= until ? .degraded : .open
            case .halfOpen: .degraded
            }
        }
    }

    public func acquire() throws(CircuitOpenError) -> Permit {
        let now = clock.now()
        let coolDown = configuration.coolDown
        // Admitted (flag: as the half-open probe) or refused.
        let decision: Result<Bool, CircuitOpenError> = phase.withLock { phase in
            switch phase {
            case .closed:
                return .success(false)
            case .open(let until) where now < until:
                return .failure(CircuitOpenError(tenant: tenant, retryAfter: until - now))
            case .open, .halfOpen(probeInFlight: false):
                phase = .halfOpen(probeInFlight: true)
                return .success(true)
            case .halfOpen(probeInFlight: true):
                // The probe decides soon, within its deadline; suggest coming back then.
                return .failure(CircuitOpenError(tenant: tenant, retryAfter: coolDown))
            }
        }
        return Permit(isProbe: try decision.get())
    }

    public func record(_ outcome: Outcome, permit: Permit) {
        let now = clock.now()
        let configuration = configuration
        phase.withLock { phase in
            switch (phase, outcome) {
            case (.halfOpen, .success):
                phase = .closed(consecutiveFailures: 0)
            case (.halfOpen, .failure):
                phase = .open(until: now + configuration.coolDown)
            case (.halfOpen, .neutral):
                if permit.isProbe { phase = .halfOpen(probeInFlight: false) }
            case (.closed, .success):
                phase = .closed(consecutiveFailures: 0)
            case (.closed(let failures), .failure):
                phase = failures + 1 >= configuration.failureThreshold
                    ? .open(until: now + configuration.coolDown)
                    : .closed(consecutiveFailures: failures + 1)
            case (.closed, .neutral), (.open, _):
                // Calls admitted before the circuit opened report late; they change nothing.
                break
            }
        }
    }

    /// Runs `operation` behind the breaker, classifying its error with `UpstreamFailure`.
    public func run<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        let permit = try acquire()
        do {
            let value = try await operation()
            record(.success, permit: permit)
            return value
        } catch {
            record(UpstreamFailure.countsAgainstVendor(error) ? .failure : .neutral, permit: permit)
            throw error
        }
    }
}

/// The circuit of `tenant` is open; the vendor was not called.
public struct CircuitOpenError: Error, Sendable, Equatable, CustomStringConvertible {
    public var tenant: String
    public var retryAfter: Duration
    public var description: String { "circuit open for tenant \(tenant)" }
    /// Whole seconds for `Retry-After`, at least 1.
    public var retryAfterSeconds: Int { retryAfter.retryAfterSeconds }
}
