import PBXCore
import Synchronization

/// One fonial login in progress and the requests waiting for it. The login runs on a task
/// of its own and is shared; each waiter leaves on its own terms — when the login ends, at
/// its request's deadline, or when its request is cancelled — and leaving never stops the
/// login, so the requests still waiting, and every later one, get its session.
///
/// (`Task.value` cannot serve here: awaiting it ignores the waiter's cancellation, so a
/// request would be held past its deadline for as long as the login takes.)
final class FonialLoginFlight: Sendable {
    typealias Outcome = Result<FonialSession.Lease, PBXError>

    private struct State {
        var outcome: Outcome?
        var waiters: [UInt64: CheckedContinuation<Outcome, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    private enum Ticket: Sendable {
        case ended(Outcome)
        case waiter(UInt64)
    }

    static let gaveUp = PBXError.timeout("the fonial login in progress did not finish within the request's deadline")

    /// Requests waiting right now (tests and diagnostics).
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// The login ended: every waiter gets `outcome`, and so does anyone who asks later.
    func finish(_ outcome: Outcome) {
        let waiters = state.withLock { s -> [CheckedContinuation<Outcome, Never>] in
            s.outcome = outcome
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }

    /// The login's outcome, or `gaveUp` once `deadline` passes or the calling task is
    /// cancelled, whichever comes first.
    func wait(until deadline: ContinuousClock.Instant) async -> Outcome {
        let ticket = state.withLock { s -> Ticket in
            if let outcome = s.outcome { return .ended(outcome) }
            s.nextID += 1
            return .waiter(s.nextID)
        }
        let id: UInt64
        switch ticket {
        case .ended(let outcome): return outcome
        case .waiter(let number): id = number
        }
        let timer = Task { [self] in
            do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
            leave(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let now = state.withLock { s -> Outcome? in
                    if let outcome = s.outcome { return outcome }
                    // The timer or the cancellation handler may have fired before this
                    // waiter was registered; both conditions are still visible here.
                    if Task.isCancelled || ContinuousClock.now >= deadline { return .failure(Self.gaveUp) }
                    s.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            leave(id)
        }
    }

    private func leave(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: .failure(Self.gaveUp))
    }
}

