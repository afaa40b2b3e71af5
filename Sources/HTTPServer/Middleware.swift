/// What turns a request into a response. Routers, middleware chains and plain closures all
/// conform, so the server holds exactly one.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse

    /// An answer that needs no waiting (a fresh cache hit), computed on the loop thread
    /// without creating a task; nil sends the request through `respond` as usual. It must
    /// have no effect that `respond` would repeat: whatever it counts, it counts only when
    /// it answers.
    func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse?
}

extension HTTPResponder {
    public func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? { nil }
}

public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    let immediate: (@Sendable (HTTPRequest, RequestContext) -> HTTPResponse?)?

    public init(_ body: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        self.body = body
        self.immediate = nil
    }

    /// With a synchronous first try (see `HTTPResponder.respondImmediately`).
    public init(immediate: @escaping @Sendable (HTTPRequest, RequestContext) -> HTTPResponse?,
                _ body: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        self.body = body
        self.immediate = immediate
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await body(request, context)
    }

    public func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        immediate?(request, context)
    }
}

/// Middleware sees the request before the next responder and the response after it.
/// Throwing an `HTTPError` (or any error) ends the chain; the server renders it once.
public protocol HTTPMiddleware: Sendable {
    func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse

    /// The synchronous counterpart for `HTTPResponder.respondImmediately`: do the same
    /// checks, and return nil wherever `handle` would throw or wait, so that the request
    /// takes the ordinary path and gets its answer there. The default passes nothing
    /// through: a middleware that does not implement it keeps every request on the
    /// ordinary path.
    func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse?
}

extension HTTPMiddleware {
    public func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? { nil }
}

/// Runs `middleware` in order around `responder`. The links are built once, so a request
/// allocates nothing to walk the chain.
public struct MiddlewareChain: HTTPResponder {
    private let head: any HTTPResponder

    public init(_ middleware: [any HTTPMiddleware], responder: any HTTPResponder) {
        var next = responder
        for m in middleware.reversed() { next = Link(middleware: m, next: next) }
        head = next
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await head.respond(to: request, context: context)
    }

    public func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        head.respondImmediately(to: request, context: context)
    }

    private final class Link: HTTPResponder {
        let middleware: any HTTPMiddleware
        let next: any HTTPResponder
        init(middleware: any HTTPMiddleware, next: any HTTPResponder) {
            self.middleware = middleware
            self.next = next
        }
        func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
            try await middleware.handle(request, context: context, next: next)
        }
        func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
            middleware.handleImmediately(request, context: context, next: next)
        }
    }
}
