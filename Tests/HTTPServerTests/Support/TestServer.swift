@testable import HTTPServer

/// A server on 127.0.0.1 port 0 with short timeouts so timing tests stay fast.
func startServer(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                 responder: any HTTPResponder = echoResponder) throws -> HTTPServer {
    var c = HTTPServerConfiguration()
    c.port = 0
    c.loopCount = 2
    c.shutdownGrace = .seconds(5)
    configure(&c)
    let server = HTTPServer(configuration: c, responder: responder)
    try server.start()
    return server
}

/// Answers with what it received, so tests can check what the parser handed over.
let echoResponder = ClosureResponder { request, context in
    var h = HTTPHeaders()
    h.set("X-Method", request.method.rawValue)
    h.set("X-Target", request.target)
    h.set("X-Body-Length", String(request.body.count))
    h.set("X-Seen-Request-Id", context.requestID)
    h.set("X-Header-Names", request.headers.fields.map { $0.name.lowercased() }.joined(separator: ","))
    return HTTPResponse(status: .ok, headers: h, body: request.body.isEmpty ? Array("ok".utf8) : request.body)
}

/// Starts a server, runs the blocking client code `body` against its port off the
/// cooperative pool, and shuts the server down whatever happened.
func withServer(configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                responder: any HTTPResponder = echoResponder,
                _ body: @escaping @Sendable (Int) throws -> Void) async throws {
    let server = try startServer(configure, responder: responder)
    let port = server.port
    do {
        try await offThread { try body(port) }
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}
