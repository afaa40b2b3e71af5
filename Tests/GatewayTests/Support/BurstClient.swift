import Upstream

/// Sends a burst of requests at once, each on a connection of its own, for tests that need
/// the gateway to see them all concurrently. The harness clients use libcurl's default pool
/// (32 connections per host), which would queue most of a burst inside the client; this one
/// has no per-host or total connection cap. (The gateway's HTTP server raises the process's
/// open-file limit when it starts; 1,000 requests need ~2,000 descriptors on loopback.)
struct BurstClient: Sendable {
    let baseURL: String
    let key: String
    private let client = CurlClient(configuration: CurlClientConfiguration(maxConnectionsPerHost: 0, maxTotalConnections: 0))

    init(baseURL: String, key: String) {
        self.baseURL = baseURL
        self.key = key
    }

    /// GETs every path at once; the answers in the order of `paths` (a transport error as
    /// status -1 with the error's kind as body, so a test can report it).
    func get(_ paths: [String], timeout: Duration = .seconds(300)) async -> [TestResponse] {
        await withTaskGroup(of: (Int, TestResponse).self) { group in
            for (index, path) in paths.enumerated() {
                group.addTask {
                    let request = UpstreamRequest(method: "GET", url: baseURL + path, headers: [("Authorization", "Bearer \(key)")],
                                                  body: nil, connectTimeout: .seconds(60), timeout: timeout)
                    do throws(UpstreamError) {
                        let response = try await client.send(request)
                        return (index, TestResponse(status: response.status, headers: response.headers, body: response.body))
                    } catch {
                        return (index, TestResponse(status: -1, headers: [], body: Array(error.kindName.utf8)))
                    }
                }
            }
            var answers = [TestResponse?](repeating: nil, count: paths.count)
            for await (index, response) in group { answers[index] = response }
            return answers.compactMap { $0 }
        }
    }
}
