import EventLoopCurl
import HTTPServer
import Logging
import PBXCore
import Upstream

/// The gateway: configuration + upstream transport + clock + logger → an HTTP server whose
/// chain is observability → problems → auth → rate limit → tenant resolution → the routes
/// of API.md, with the resilience layer between routes and adapters.
public final class GatewayApplication: Sendable {
    public let configuration: GatewayConfiguration
    public let directory: TenantDirectory
    public let metrics: GatewayMetrics
    public let resilience: ResilienceLayer
    /// The whole chain without sockets: tests and benchmarks can call it directly.
    public let responder: any HTTPResponder
    /// Every (method, route template) served; the contract test compares it with the spec.
    public let routes: [(method: HTTPMethod, template: String)]
    let server: HTTPServer

    /// Builds every tenant's adapter; a bad vendor setting fails here, as one line.
    public convenience init(configuration: GatewayConfiguration, transport: any UpstreamTransport,
                            clock: any WallClock = SystemWallClock(), logger: Logger,
                            resilience: ResilienceLayer.Configuration = .init(),
                            monotonicClock: any MonotonicClock = SystemMonotonicClock()) throws(ConfigurationError) {
        let metrics = GatewayMetrics(tenants: Dictionary(configuration.tenants.map { ($0.id, $0.vendor) }, uniquingKeysWith: { a, _ in a }))
        let directory = try TenantDirectory(configuration: configuration, transport: transport, clock: clock,
                                            events: { metrics.record($0) })
        self.init(configuration: configuration, directory: directory, metrics: metrics, clock: clock, logger: logger,
                  resilience: resilience, monotonicClock: monotonicClock, transport: transport)
    }

    /// With tenants built elsewhere (tests that bring their own adapters).
    init(configuration: GatewayConfiguration, directory: TenantDirectory, metrics: GatewayMetrics? = nil,
         clock: any WallClock, logger: Logger, resilience resilienceConfiguration: ResilienceLayer.Configuration = .init(),
         monotonicClock: any MonotonicClock = SystemMonotonicClock(), transport: (any UpstreamTransport)? = nil) {
        let metrics = metrics ?? GatewayMetrics(tenants: Dictionary(directory.tenants.map { ($0.id, $0.vendor) }, uniquingKeysWith: { a, _ in a }))
        let resilience = ResilienceLayer(
            tenants: Dictionary(configuration.tenants.map { ($0.id, $0.cacheTTL.resourceTTLs) }, uniquingKeysWith: { a, _ in a }),
            configuration: resilienceConfiguration, metrics: metrics, clock: monotonicClock)
        let secret = configuration.server.cursorSecret.map { Array($0.utf8) } ?? SHA256.randomBytes(32)
        let environment = RouteEnvironment(clock: clock, paginator: Paginator(codec: CursorCodec(secret: secret)),
                                           resilience: resilience, logger: logger)

        var router = Router()
        ServiceRoutes(directory: directory, metrics: metrics, resilience: resilience, openAPI: OpenAPIDocument.bytes).register(on: &router)
        TenantsRoutes(environment: environment, directory: directory).register(on: &router)
        CallsRoutes(environment: environment).register(on: &router)
        UsersRoutes(environment: environment).register(on: &router)
        QueuesRoutes(environment: environment).register(on: &router)
        PhonebookRoutes(environment: environment).register(on: &router)
        VoicemailRoutes(environment: environment).register(on: &router)
        DevicesRoutes(environment: environment).register(on: &router)

        var limits: [String: RateLimitRule] = [:]
        for key in configuration.keys { if let rule = key.rateLimit { limits[key.name] = rule } }
        let routeTable = router
        let chain = MiddlewareChain([
            ObservabilityMiddleware(metrics: metrics, accessLog: AccessLog(logger: logger),
                                    routeTemplate: { routeTable.template(for: $0) }),
            ProblemMiddleware(logger: logger),
            AuthMiddleware(keys: KeyStore(keys: configuration.keys)),
            RateLimitMiddleware(limiter: RateLimiter(limits: limits, clock: monotonicClock), metrics: metrics,
                                keyName: { $0[AuthenticatedKey.self]?.name }),
            TenantMiddleware(directory: directory),
        ], responder: TracingRouter(router))

        self.configuration = configuration
        self.directory = directory
        self.metrics = metrics
        self.resilience = resilience
        let cachingLess = configuration.tenants.filter { t in ResourceKind.allCases.contains { t.cacheTTL.resourceTTLs[$0] == .zero } }
        let responder = ImmediateGate(chain: chain, router: routeTable, tenantsCachingLess: cachingLess.map(\.id))
        self.responder = responder
        self.routes = router.routes
        // With libcurl as the transport, each event loop runs the vendor calls of its own
        // requests (see CurlLoopExtension).
        self.server = HTTPServer(configuration: configuration.server.httpConfiguration, responder: responder,
                                 loopSetup: (transport as? CurlClient).map { CurlLoopExtension.loopSetup(for: $0) })
    }

    /// Binds and serves; returns the port (useful with `listen: "127.0.0.1:0"`).
    @discardableResult
    public func start() throws -> Int { try server.start() }

    public var port: Int { server.port }

    /// Stops accepting, lets in-flight requests finish, closes.
    public func shutdown() async { await server.shutdown() }
}
