import Gateway
import Synchronization

/// Test time: stands still until a test advances it; `sleep` advances it instead of
/// waiting and records the pause, so backoff and expiry tests are instant and exact.
final class ManualClock: MonotonicClock {
    private struct State {
        var now: ContinuousClock.Instant
        var sleeps: [Duration] = []
    }
    private let state: Mutex<State>

    init(start: ContinuousClock.Instant = .now) { state = Mutex(State(now: start)) }

    func now() -> ContinuousClock.Instant { state.withLock { $0.now } }

    func advance(by duration: Duration) { state.withLock { $0.now += duration } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
    }

    var sleeps: [Duration] { state.withLock { $0.sleeps } }
}

/// Counts calls and lets a test decide what each returns; thread-safe.
final class CallCounter: Sendable {
    private let count = Mutex(0)
    @discardableResult
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}

/// Waits (polling, bounded) until `condition` holds; for state that other tasks reach.
func eventually(timeout: Duration = .seconds(120), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        await Task.yield()
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
