import HTTPServer

// The server core alone, answering every request with the same small JSON as nginx's
// `return 200` in bench/nginx.conf: the baseline for bench/server.bench.sh.
// Usage: HTTPBenchServer [port] [loops]
let arguments = CommandLine.arguments
var configuration = HTTPServerConfiguration()
configuration.host = "127.0.0.1"
configuration.port = arguments.count > 1 ? Int(arguments[1]) ?? 8081 : 8081
configuration.loopCount = arguments.count > 2 ? Int(arguments[2]) ?? 0 : 0

let body: [UInt8] = Array(#"{"status":"ok"}"#.utf8)
let server = HTTPServer(configuration: configuration, responder: ClosureResponder { _, _ in
    .json(body)
})
try await server.runUntilSignalled()
