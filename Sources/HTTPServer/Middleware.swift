/// What turns a request into a response. Routers, middleware chains and plain closures all
/// conform, so the server holds exactly one.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse
}

public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) { self.body = body }
    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await body(request, context)
    }
}

/// Middleware sees the request before the next responder and the response after it.
/// Throwing an `HTTPError` (or any error) ends the chain; the server renders it once.
public protocol HTTPMiddleware: Sendable {
    func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse
}

/// Runs `middleware` in order around `responder`.
public struct MiddlewareChain: HTTPResponder {
    let middleware: [any HTTPMiddleware]
    let responder: any HTTPResponder

    public init(_ middleware: [any HTTPMiddleware], responder: any HTTPResponder) {
        self.middleware = middleware
        self.responder = responder
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await Link(chain: middleware[...], responder: responder).respond(to: request, context: context)
    }

    private struct Link: HTTPResponder {
        let chain: ArraySlice<any HTTPMiddleware>
        let responder: any HTTPResponder
        func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
            guard let first = chain.first else { return try await responder.respond(to: request, context: context) }
            return try await first.handle(request, context: context, next: Link(chain: chain.dropFirst(), responder: responder))
        }
    }
}
