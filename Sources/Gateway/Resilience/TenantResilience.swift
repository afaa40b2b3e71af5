/// The per-tenant pieces of the resilience layer: its breaker, retry budget and bulkhead.
/// Kept per tenant so one failing PBX neither opens another tenant's circuit, spends its
/// retries nor takes its share of the process.
public struct TenantResilience: Sendable {
    public let tenant: String
    public let breaker: CircuitBreaker
    public let retryBudget: RetryBudget
    public let bulkhead: Bulkhead

    public init(tenant: String, breaker: CircuitBreaker, retryBudget: RetryBudget, bulkhead: Bulkhead) {
        self.tenant = tenant
        self.breaker = breaker
        self.retryBudget = retryBudget
        self.bulkhead = bulkhead
    }
}
