// Drives CurlClient for bench/upstream.bench.sh: `UpstreamBench URL COUNT CONCURRENCY [global|client]`.
// Prints one line: "<µs per request> <requests> <concurrency>", after a warm-up that opens
// the connections, so the figure is steady-state reuse like the C reference's.
// `global` (default): the callers are tasks on the global executor, as adapters' are;
// `client`: they prefer the client's own executor, so no request crosses a thread.
import Glibc
import Upstream

let arguments = CommandLine.arguments
guard (4...5).contains(arguments.count), let count = Int(arguments[2]), let width = Int(arguments[3]), count > 0, width > 0,
      arguments.count == 4 || ["global", "client"].contains(arguments[4]) else {
    print("usage: UpstreamBench URL COUNT CONCURRENCY [global|client]")
    exit(2)
}
let onClientExecutor = arguments.count == 5 && arguments[4] == "client"
let url = arguments[1]
var configuration = CurlClientConfiguration(maxConnectionsPerHost: width, maxTotalConnections: width)
configuration.maxIdleConnections = width
let client = CurlClient(configuration: configuration)
let request = UpstreamRequest(url: url)

func run(_ total: Int) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<width {
            let share = total / width + (worker < total % width ? 1 : 0)
            group.addTask(executorPreference: onClientExecutor ? client.executor : nil) {
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
