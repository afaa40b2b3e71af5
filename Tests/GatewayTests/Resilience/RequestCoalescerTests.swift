import Synchronization
import Testing
@testable import Gateway

@Suite struct RequestCoalescerTests {
    /// Holds every flight until the test opens it, so all callers are provably waiting
    /// on the same flight before it lands.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
        func wait() async {
            await withCheckedContinuation { c in
                let resumeNow = state.withLock { s -> Bool in
                    if s.open { return true }
                    s.waiters.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
        func open() {
            let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
                s.open = true
                defer { s.waiters = [] }
                return s.waiters
            }
            for w in waiters { w.resume() }
        }
    }

    struct VendorDown: Error, Equatable { var id: Int }

    @Test func thousandConcurrentIdenticalCallsMakeOneCall() async throws {
        let coalescer = RequestCoalescer<String, [UInt8]>()
        let calls = CallCounter(), gate = Gate()
        let n = 1000
        let results = try await withThrowingTaskGroup(of: ([UInt8], Bool).self) { group in
            for _ in 0..<n {
                group.addTask {
                    try await coalescer.run("acme users") {
                        calls.increment()
                        await gate.wait()
                        return Array("answer".utf8)
                    }
                }
            }
            #expect(await eventually { coalescer.callers(for: "acme users") == n })
            gate.open()
            var all: [([UInt8], Bool)] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(calls.value == 1)
        #expect(results.count == n)
        #expect(results.allSatisfy { $0.0 == Array("answer".utf8) })
        #expect(results.filter { !$0.1 }.count == 1)   // exactly one leader
        #expect(coalescer.inFlight == 0)
    }

    @Test func theErrorIsSharedToo() async {
        let coalescer = RequestCoalescer<String, Int>()
        let calls = CallCounter(), gate = Gate()
        let n = 200
        let errors = await withTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<n {
                group.addTask {
                    do {
                        _ = try await coalescer.run("k") {
                            let id = calls.increment()
                            await gate.wait()
                            throw VendorDown(id: id)
                        }
                        return nil
                    } catch { return error }
                }
            }
            _ = await eventually { coalescer.callers(for: "k") == n }
            gate.open()
            var all: [(any Error)?] = []
            for await e in group { all.append(e) }
            return all
        }
        #expect(calls.value == 1)
        #expect(errors.allSatisfy { ($0 as? VendorDown) == VendorDown(id: 1) })
    }

    @Test func aLandedFlightIsNotReusedAndKeysAreSeparate() async throws {
        let coalescer = RequestCoalescer<String, Int>()
        let calls = CallCounter()
        let first = try await coalescer.run("a") { calls.increment() }
        let second = try await coalescer.run("a") { calls.increment() }
        let other = try await coalescer.run("b") { calls.increment() }
        #expect(first.value == 1 && second.value == 2 && other.value == 3)
        #expect(!first.shared && !second.shared && !other.shared)
    }

    @Test func aCancelledLeaderHandsTheWorkToAWaitingCaller() async throws {
        let coalescer = RequestCoalescer<String, Int>()
        let calls = CallCounter()
        let leader = Task {
            try await coalescer.run("k") {
                calls.increment()
                try await Task.sleep(for: .seconds(600))   // ends only by cancellation
                return 0
            }
        }
        #expect(await eventually { coalescer.callers(for: "k") == 1 })
        let follower = Task { try await coalescer.run("k") { calls.increment(); return 42 } }
        #expect(await eventually { coalescer.callers(for: "k") == 2 })
        leader.cancel()
        let result = try await follower.value
        #expect(result.value == 42 && !result.shared)
        #expect(calls.value == 2)
        await #expect(throws: CancellationError.self) { try await leader.value }
    }
}
