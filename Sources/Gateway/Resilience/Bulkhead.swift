import Synchronization

/// Caps one tenant's vendor calls in flight and queues a burst behind the cap instead of
/// refusing it. A PBX that hangs holds each caller until the deadline; without a cap those
/// callers pile up without bound (tasks, sockets, libcurl handles) and the other tenants pay
/// for it. A burst the PBX can absorb in a second, though, must not turn into 503s: callers
/// over the cap wait in a FIFO queue, each until a slot is free or its request's deadline.
///
/// The numbers (defaults, per tenant):
/// - `limit` 128 vendor calls in flight: more than a PBX answers in parallel (fonial and
///   pascom serve a few dozen connections; libcurl keeps 32 per host), so the cap only bites
///   when the vendor is slow, and 128 hung calls are cheap enough to hold for a deadline.
/// - `maxQueued` 1,024 waiters: a burst of ~1,150 requests per tenant (a CRM syncing every
///   agent at once) is absorbed. A waiter costs a continuation and the client's connection;
///   past the bound the answer is an immediate 503 so a runaway client cannot grow memory.
///
/// Outcomes: a slot (then `operation` runs and the slot goes to the oldest waiter when it
/// ends); `BulkheadFull` when the queue is full (503, `Retry-After: 1`); `BulkheadTimeout`
/// when the deadline passes while waiting (504, `Retry-After: 1`); `CancellationError`
/// when the waiting request is cancelled. A slot is handed over directly, so a newcomer can
/// never overtake a waiter.
public final class Bulkhead: Sendable {
    public static let defaultLimit = 128
    public static let defaultMaxQueued = 1024

    public let limit: Int
    public let maxQueued: Int

    private enum Admission: Sendable { case admitted, full, timedOut, cancelled }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Admission, Never>
    }

    private struct State {
        var inFlight = 0
        /// Oldest first. At most `maxQueued` long, so removal from the front or the middle
        /// (a waiter leaving at its deadline) stays cheap.
        var queue: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init(limit: Int = Bulkhead.defaultLimit, maxQueued: Int = Bulkhead.defaultMaxQueued) {
        self.limit = max(1, limit)
        self.maxQueued = max(0, maxQueued)
    }

    /// Calls holding a slot.
    public var current: Int { state.withLock { $0.inFlight } }
    /// Calls waiting for a slot.
    public var queued: Int { state.withLock { $0.queue.count } }

    /// Runs `operation` once a slot is free, waiting at most until `deadline`.
    public func run<T: Sendable>(tenant: String, until deadline: ContinuousClock.Instant,
                                 _ operation: () async throws -> T) async throws -> T {
        switch await acquire(until: deadline) {
        case .admitted: break
        case .full: throw BulkheadFull(tenant: tenant)
        case .timedOut: throw BulkheadTimeout(tenant: tenant)
        case .cancelled: throw CancellationError()
        }
        defer { release() }
        return try await operation()
    }

    private func acquire(until deadline: ContinuousClock.Instant) async -> Admission {
        let fast = state.withLock { s -> UInt64? in
            if s.inFlight < limit, s.queue.isEmpty {
                s.inFlight += 1
                return nil
            }
            s.nextID += 1
            return s.nextID
        }
        guard let id = fast else { return .admitted }
        let timer = Task { [self] in
            do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
            leave(id, .timedOut)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Admission, Never>) in
                let now = state.withLock { s -> Admission? in
                    // Re-checked under the lock: a slot may have come free, the request may
                    // have been cancelled or run out of time since the fast path looked.
                    if s.inFlight < limit, s.queue.isEmpty {
                        s.inFlight += 1
                        return .admitted
                    }
                    if Task.isCancelled { return .cancelled }
                    if ContinuousClock.now >= deadline { return .timedOut }
                    if s.queue.count >= maxQueued { return .full }
                    s.queue.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            leave(id, .cancelled)
        }
    }

    /// Hands the slot to the oldest waiter, or frees it.
    private func release() {
        let next = state.withLock { s -> Waiter? in
            guard !s.queue.isEmpty else {
                s.inFlight -= 1
                return nil
            }
            return s.queue.removeFirst()
        }
        next?.continuation.resume(returning: .admitted)
    }

    /// A waiter gives up (deadline or cancellation), unless a slot reached it first.
    private func leave(_ id: UInt64, _ outcome: Admission) {
        let waiter = state.withLock { s -> Waiter? in
            guard let index = s.queue.firstIndex(where: { $0.id == id }) else { return nil }
            return s.queue.remove(at: index)
        }
        waiter?.continuation.resume(returning: outcome)
    }
}

/// The tenant's queue for vendor calls is full (→ 503, retry shortly).
public struct BulkheadFull: Error, Sendable, Equatable, CustomStringConvertible {
    public var tenant: String
    public init(tenant: String) { self.tenant = tenant }
    public var description: String { "too many calls queued for the vendor of tenant \(tenant)" }
}

/// The request's deadline passed while it waited for a free slot (→ 504, retry shortly).
public struct BulkheadTimeout: Error, Sendable, Equatable, CustomStringConvertible {
    public var tenant: String
    public init(tenant: String) { self.tenant = tenant }
    public var description: String { "no free slot for a call to the vendor of tenant \(tenant) within the deadline" }
}
