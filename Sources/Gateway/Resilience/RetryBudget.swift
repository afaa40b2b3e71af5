import Synchronization

/// Bounds the extra load retries put on a vendor: every first attempt deposits `ratio` of a
/// token, every retry withdraws a whole one. Over any stretch, retries ≤ ratio × requests
/// plus the small reserve `maxBalance` (so a lone failure after a quiet spell can still be
/// retried). The same idea as Envoy's retry budget and Finagle's RetryBudget.
public final class RetryBudget: Sendable {
    public let ratio: Double
    public let maxBalance: Double
    private let balance: Mutex<Double>

    public init(ratio: Double = 0.1, maxBalance: Double = 3, initialBalance: Double? = nil) {
        self.ratio = max(0, ratio)
        self.maxBalance = max(0, maxBalance)
        self.balance = Mutex(min(self.maxBalance, max(0, initialBalance ?? self.maxBalance)))
    }

    /// A first attempt happened.
    public func deposit() {
        balance.withLock { $0 = min(maxBalance, $0 + ratio) }
    }

    /// Takes a retry token if one is there.
    public func withdraw() -> Bool {
        balance.withLock { b in
            guard b >= 1 else { return false }
            b -= 1
            return true
        }
    }

    public var available: Double { balance.withLock { $0 } }
}
