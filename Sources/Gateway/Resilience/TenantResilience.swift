/// The per-tenant pieces of the resilience layer: its breaker and its retry budget. Kept
/// per tenant so one failing PBX neither opens another tenant's circuit nor spends its
/// retries.
public struct TenantResilience: Sendable {
    public let tenant: String
    public let breaker: CircuitBreaker
    public let retryBudget: RetryBudget

    public init(tenant: String, breaker: CircuitBreaker, retryBudget: RetryBudget) {
        self.tenant = tenant
        self.breaker = breaker
        self.retryBudget = retryBudget
    }
}
