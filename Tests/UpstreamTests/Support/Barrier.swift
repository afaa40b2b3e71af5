import Foundation

/// Holds every caller until `parties` have arrived, then lets them all go; gives up after
/// `patience` so a broken client fails the test instead of hanging it. For test-server
/// threads, which may block.
final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()  // guards `arrived`
    private var arrived = 0
    private let parties: Int
    private let patience: TimeInterval

    init(parties: Int, patience: TimeInterval) {
        self.parties = parties
        self.patience = patience
    }

    /// True when everyone arrived in time.
    func arriveAndWait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived >= parties {
            condition.broadcast()
            return true
        }
        let deadline = Date(timeIntervalSinceNow: patience)
        while arrived < parties {
            if !condition.wait(until: deadline) { return arrived >= parties }
        }
        return true
    }
}
