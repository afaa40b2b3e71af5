import Foundation
import PBXCore
import Simulators
import Testing
@testable import Gateway

/// The request's one deadline, whether the gateway races the call against a timer or the
/// adapter's transport ends it (`PBXAdapter.enforcesDeadline`, all four vendor adapters).
@Suite struct DeadlineTests {
    @Test func aSpentDeadlineFailsWithoutCallingTheVendor() async {
        let calls = CallCounter()
        for enforced in [false, true] {
            await #expect(throws: DeadlineExceeded(tenant: "acme")) {
                try await Deadline.run(tenant: "acme", until: .now - .milliseconds(1), enforced: enforced) { calls.increment() }
            }
        }
        #expect(calls.value == 0)
    }

    @Test func anAdapterThatEndsItsOwnWaitsRunsInlineInTheCallersTask() async throws {
        // Inline means no task of its own: the operation runs in the caller's task, while
        // the raced form runs it in a child task.
        let caller = withUnsafeCurrentTask { $0?.hashValue }
        let inside = try await Deadline.run(tenant: "acme", until: .now + .seconds(600), enforced: true) {
            withUnsafeCurrentTask { $0?.hashValue }
        }
        let raced = try await Deadline.run(tenant: "acme", until: .now + .seconds(600), enforced: false) {
            withUnsafeCurrentTask { $0?.hashValue }
        }
        #expect(caller != nil && inside == caller)
        #expect(raced != caller)
    }

    @Test func vitalPBXHangingPastTheDeadlineIsCutByItsTransport() async throws {
        // The adapter declares that it ends its own waits, so no timer races the call: the
        // cut at 1 s comes from the curl timeout it derives from the deadline.
        try await ResilienceGateway.with(vendors: ["vitalpbx"],
                                         overrides: ["vitalpbx": ["timeoutSeconds": "1", "cacheTTLSeconds.users": "0"]]) { gw in
            var slow = SimulatorFaults()
            slow.latencyMs = 6_000
            gw.control("vitalpbx").setFaults(slow)
            let started = ContinuousClock.now
            let r = try await gw.get("/v1/tenants/vitalpbx/users")
            let elapsed = ContinuousClock.now - started
            #expect(r.status == 504 && r.problemType == "/problems/upstream-timeout")
            #expect(elapsed >= .milliseconds(900), "answered after \(elapsed)")
            // The cut as the gateway timed it, on its event loop: the test's own task can wait
            // seconds for a thread while other tests keep the shared pool busy, the loop cannot.
            // Generous upper bound for a loaded machine, below the vendor's 6 s.
            let line = try #require(gw.logs.all.first { $0.contains("status=504") }, "\(gw.logs.all)")
            let took = try #require(line.split(separator: " ").first { $0.hasPrefix("durationMs=") }.flatMap { Double($0.dropFirst(11)) })
            #expect(took >= 900 && took < 5_000, "the gateway answered after \(took) ms")
        }
    }
}
