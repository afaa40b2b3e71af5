// Drives CurlClient for bench/upstream.bench.sh: `UpstreamBench URL COUNT CONCURRENCY [global|client|loop]`.
// Prints one line: "<µs per request> <requests> <concurrency>", after a warm-up that opens
// the connections, so the figure is steady-state reuse like the C reference's.
// `global` (default): the callers are tasks on the global executor;
// `client`: they prefer the client's own executor, so no request crosses a thread;
// `loop`: they run on HTTP event loops (one per core, callers spread over them) that host the
// client's transfers, as the gateway's request handlers do (EventLoopCurl).
import EventLoopCurl
import Glibc
import HTTPServer
import Synchronization
import Upstream

let arguments = CommandLine.arguments
let modes = ["global", "client", "loop"]
guard (4...5).contains(arguments.count), let count = Int(arguments[2]), let width = Int(arguments[3]), count > 0, width > 0,
      arguments.count == 4 || modes.contains(arguments[4]) else {
    print("usage: UpstreamBench URL COUNT CONCURRENCY [global|client|loop]")
    exit(2)
}
let mode = arguments.count == 5 ? arguments[4] : "global"
let url = arguments[1]
var configuration = CurlClientConfiguration(maxConnectionsPerHost: width, maxTotalConnections: width)
configuration.maxIdleConnections = width
let client = CurlClient(configuration: configuration)
let request = UpstreamRequest(url: url)

/// The executors the callers prefer, one per caller in turn; for `loop`, an HTTP server's
/// event loops (they serve nothing here), each hosting a driver of the client.
func callersExecutors() async throws -> [(any TaskExecutor)?] {
    switch mode {
    case "client": return [client.executor]
    case "loop":
        let handles = Mutex<[EventLoopHandle]>([])
        var settings = HTTPServerConfiguration()
        settings.host = "127.0.0.1"
        settings.port = 0
        settings.loopCount = 0  // one per core
        let server = HTTPServer(configuration: settings, responder: ClosureResponder { _, _ in HTTPResponse(status: .notFound) },
                                loopSetup: CurlLoopExtension.loopSetup(for: client, attached: { loop in handles.withLock { $0.append(loop) } }))
        try server.start()
        let loops = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        while handles.withLock({ $0.count }) < loops { try await Task.sleep(for: .milliseconds(1)) }
        return handles.withLock { $0.map { $0.executor } }
    default: return [nil]
    }
}
let executors = try await callersExecutors()

func run(_ total: Int) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<width {
            let share = total / width + (worker < total % width ? 1 : 0)
            group.addTask(executorPreference: executors[worker % executors.count]) {
                for _ in 0..<share {
                    let response = try await client.send(request)
                    guard response.status == 200 else { throw UpstreamError(.other("status \(response.status)"), method: "GET", host: "", path: "") }
                }
            }
        }
        try await group.waitForAll()
    }
}

do {
    try await run(max(width * 20, count / 10))
    let clock = ContinuousClock()
    let elapsed = try await clock.measure { try await run(count) }
    let micros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
    print("\((micros / Double(count) * 100).rounded() / 100) \(count) \(width)")
} catch {
    print("failed: \(error)")
    exit(1)
}
