import HTTPServer

/// Outermost middleware: gives every request a `RequestTrace`, and when the request is done
/// (answered or failed) writes its access-log line and its request metrics. It never turns
/// errors into responses; it only reads the status they will become and rethrows.
public struct ObservabilityMiddleware: HTTPMiddleware {
    let metrics: GatewayMetrics
    let accessLog: AccessLog
    /// The route template for a request (the router's match); the context that carries it is
    /// only created further in.
    let routeTemplate: @Sendable (HTTPRequest) -> String?

    public init(metrics: GatewayMetrics, accessLog: AccessLog, routeTemplate: @escaping @Sendable (HTTPRequest) -> String?) {
        self.metrics = metrics
        self.accessLog = accessLog
        self.routeTemplate = routeTemplate
    }

    public func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse {
        let trace = RequestTrace()
        var context = context
        context[RequestTraceKey.self] = trace
        do {
            let response = try await next.respond(to: request, context: context)
            finish(request, context, trace, status: response.status.code)
            return response
        } catch {
            finish(request, context, trace, status: Self.status(of: error))
            throw error
        }
    }

    /// Counts and logs only what it answers: a request that goes the ordinary way is
    /// counted there, once.
    public func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? {
        let trace = RequestTrace()
        var context = context
        context[RequestTraceKey.self] = trace
        guard let response = next.respondImmediately(to: request, context: context) else { return nil }
        finish(request, context, trace, status: response.status.code)
        return response
    }

    private func finish(_ request: HTTPRequest, _ context: RequestContext, _ trace: RequestTrace, status: Int) {
        let duration = ContinuousClock.now - context.startedAt
        let facts = trace.snapshot
        // Routed requests carry their template in the trace; requests stopped before routing
        // (401, 403, 429) take it from the match made in front, or pay for a second one.
        let route = facts.route ?? context.handOver?.match.flatMap(Self.template) ?? routeTemplate(request)
        metrics.recordRequest(route: route, status: status, tenant: facts.tenant, duration: duration)
        accessLog.record(request: request, requestID: context.requestID, route: route, status: status,
                         duration: duration, facts: facts)
    }

    static func template(_ match: Router.Match) -> String? {
        if case .found(let template, _, _) = match { return template }
        return nil
    }

    /// The status `ProblemRenderer` will give this error.
    static func status(of error: any Error) -> Int {
        if let e = error as? HTTPError { return e.status.code }
        if let e = ResilienceProblems.httpError(for: error) { return e.status.code }
        return 500
    }
}

/// The gateway's innermost responder: matches once, records the route template in the
/// request's trace for metrics and the access log, then dispatches.
public struct TracingRouter: HTTPResponder {
    public let router: Router
    public init(_ router: Router) { self.router = router }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        // The immediate attempt's match, when it had one and could not answer.
        let match = context.handOver?.match ?? router.match(request.method, path: request.path)
        if case .found(let template, _, _) = match { context[RequestTraceKey.self]?.setRoute(template) }
        return try await router.respond(to: request, context: context, match: match)
    }

    public func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        // `ImmediateGate` matched already, when it runs in front.
        let handed = context.handOver?.match
        let match = handed ?? router.match(request.method, path: request.path)
        guard case .found(let template, _, _) = match else { return nil }
        context[RequestTraceKey.self]?.setRoute(template)
        guard let response = router.respondImmediately(to: request, context: context, match: match) else {
            if handed == nil { context.handOver?.match = match }
            return nil
        }
        return response
    }
}

extension Router {
    /// The template of the route `request` would take, or nil; a metric-safe route label.
    public func template(for request: HTTPRequest) -> String? {
        if case .found(let template, _, _) = match(request.method, path: request.path) { return template }
        return nil
    }
}
