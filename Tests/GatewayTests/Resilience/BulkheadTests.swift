import Gateway
import HTTPServer
import Synchronization
import Testing

/// The bulkhead on its own: the cap, the FIFO queue behind it, and the three ways a waiter
/// leaves without a slot (queue full, deadline, cancellation). Holders wait on a gate that
/// ignores cancellation, so a slot is held exactly as long as the test wants.
@Suite struct BulkheadTests {
    typealias Gate = RequestCoalescerTests.Gate
    static let later: Duration = .seconds(300)

    @Test func overTheCapCallsQueueAndEachGetsTheNextFreeSlot() async throws {
        let bulkhead = Bulkhead(limit: 2, maxQueued: 8)
        let gate = Gate()
        let deadline = ContinuousClock.now + Self.later
        let held = (0..<5).map { i in Task { try await bulkhead.run(tenant: "acme", until: deadline) { await gate.wait(); return i } } }
        #expect(await eventually { bulkhead.current == 2 && bulkhead.queued == 3 })
        gate.open()
        for (i, task) in held.enumerated() { #expect(try await task.value == i) }
        #expect(bulkhead.current == 0 && bulkhead.queued == 0)
    }

    @Test func waitersAreAdmittedInArrivalOrder() async throws {
        let bulkhead = Bulkhead(limit: 1, maxQueued: 16)
        let holder = Gate()
        let order = Admissions()
        let deadline = ContinuousClock.now + Self.later
        let first = Task { try await bulkhead.run(tenant: "acme", until: deadline) { await holder.wait() } }
        #expect(await eventually { bulkhead.current == 1 })
        var waiters: [Task<Void, any Error>] = []
        for i in 0..<10 {
            waiters.append(Task { try await bulkhead.run(tenant: "acme", until: deadline) { order.record(i) } })
            // Each waiter is in the queue before the next one comes.
            #expect(await eventually { bulkhead.queued == i + 1 })
        }
        holder.open()
        try await first.value
        for w in waiters { try await w.value }
        #expect(order.all == Array(0..<10))
    }

    @Test func aFullQueueAnswersAtOnce() async throws {
        let bulkhead = Bulkhead(limit: 1, maxQueued: 1)
        let gate = Gate()
        let deadline = ContinuousClock.now + Self.later
        let held = (0..<2).map { _ in Task { try await bulkhead.run(tenant: "acme", until: deadline) { await gate.wait(); return 1 } } }
        #expect(await eventually { bulkhead.current == 1 && bulkhead.queued == 1 })
        await #expect(throws: BulkheadFull(tenant: "acme")) { try await bulkhead.run(tenant: "acme", until: deadline) { 0 } }
        gate.open()
        for t in held { #expect(try await t.value == 1) }
        #expect(bulkhead.current == 0)
        // Without a queue, over the cap is full at once.
        let bare = Bulkhead(limit: 1, maxQueued: 0)
        let again = Gate()
        let holder = Task { try await bare.run(tenant: "acme", until: deadline) { await again.wait() } }
        #expect(await eventually { bare.current == 1 })
        await #expect(throws: BulkheadFull(tenant: "acme")) { try await bare.run(tenant: "acme", until: deadline) { 0 } }
        again.open()
        try await holder.value
    }

    @Test func aWaiterLeavesAtItsDeadlineAndTheQueueMovesOn() async throws {
        let bulkhead = Bulkhead(limit: 1, maxQueued: 4)
        let gate = Gate()
        let holder = Task { try await bulkhead.run(tenant: "acme", until: .now + Self.later) { await gate.wait(); return 1 } }
        #expect(await eventually { bulkhead.current == 1 })
        let patient = Task { try await bulkhead.run(tenant: "acme", until: .now + Self.later) { 2 } }
        #expect(await eventually { bulkhead.queued == 1 })
        // Behind the patient one, with little time: it leaves at its deadline, the holder
        // still holding, and takes no slot with it.
        await #expect(throws: BulkheadTimeout(tenant: "acme")) {
            try await bulkhead.run(tenant: "acme", until: .now + .milliseconds(200)) { 3 }
        }
        #expect(bulkhead.current == 1 && bulkhead.queued == 1)
        // A deadline already past never queues.
        await #expect(throws: BulkheadTimeout(tenant: "acme")) { try await bulkhead.run(tenant: "acme", until: .now) { 4 } }
        gate.open()
        #expect(try await holder.value == 1)
        #expect(try await patient.value == 2)
        #expect(bulkhead.current == 0 && bulkhead.queued == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let bulkhead = Bulkhead(limit: 1, maxQueued: 4)
        let gate = Gate()
        let deadline = ContinuousClock.now + Self.later
        let holder = Task { try await bulkhead.run(tenant: "acme", until: deadline) { await gate.wait() } }
        #expect(await eventually { bulkhead.current == 1 })
        let waiter = Task { try await bulkhead.run(tenant: "acme", until: deadline) { 1 } }
        #expect(await eventually { bulkhead.queued == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(bulkhead.queued == 0 && bulkhead.current == 1)
        gate.open()
        try await holder.value
        #expect(bulkhead.current == 0)
    }

    @Test func problemsSayRetryShortly() {
        let full = ResilienceProblems.httpError(for: BulkheadFull(tenant: "acme"))
        #expect(full?.status.code == 503 && full?.slug == "upstream-unavailable" && full?.headers["Retry-After"] == "1")
        let late = ResilienceProblems.httpError(for: BulkheadTimeout(tenant: "acme"))
        #expect(late?.status.code == 504 && late?.slug == "upstream-timeout" && late?.headers["Retry-After"] == "1")
        #expect(late?.extensions["retryAfter"] == .int(1))
        #expect(UpstreamFailure.label(BulkheadTimeout(tenant: "acme")) == "bulkhead-timeout")
    }
}

/// The order in which callers got their slot.
private final class Admissions: Sendable {
    private let order = Mutex<[Int]>([])
    func record(_ i: Int) { order.withLock { $0.append(i) } }
    var all: [Int] { order.withLock { $0 } }
}
