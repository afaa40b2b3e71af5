import HTTPServer
import Testing
@testable import Upstream

/// `CurlClient.executor`: tasks that prefer it send and resume on the curl thread itself.
@Suite(.timeLimit(.minutes(1))) struct UpstreamExecutorTests {
    @Test func requestsFromTasksOnTheClientsExecutorResumeOnTheCurlThread() async throws {
        let client = CurlClient()
        try await UpstreamTestServer.with({ request in .json(Array(request.target.utf8)) }) { server in
            // Where each task found itself after each request.
            let threads = try await withThrowingTaskGroup(of: Set<String>.self) { group in
                for worker in 0..<8 {
                    group.addTask(executorPreference: client.executor) {
                        var names = Set<String>()
                        for i in 0..<25 {
                            let path = "/w\(worker)/r\(i)"
                            let response = try await client.send(UpstreamRequest(url: server.baseURL + path))
                            #expect(response.status == 200)
                            #expect(response.body == Array(path.utf8))
                            #expect(response.header("Content-Type") == "application/json")
                            names.insert(CurlMultiRunner.currentThreadName())
                        }
                        return names
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.formUnion($1) }
            }
            #expect(threads == [CurlMultiRunner.threadName])
        }
    }

    @Test func cancellationWorksFromTheClientsExecutor() async throws {
        let client = CurlClient()
        let server = try RawTestServer { _ in .silence }
        defer { server.stop() }
        let task = Task(executorPreference: client.executor) { () throws(UpstreamError) -> UpstreamResponse in
            try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/hang", timeout: .seconds(60)))
        }
        await server.waitFor(.request(target: "/hang"))
        task.cancel()
        guard case .failure(let error) = await task.result else {
            Issue.record("a cancelled transfer returned a response")
            return
        }
        #expect((error as? UpstreamError)?.kind == .cancelled)
    }

    /// A task that prefers the executor of a client that is gone still runs (elsewhere).
    @Test func tasksOutliveTheClientsThread() async {
        var client: CurlClient? = CurlClient()
        let executor = client!.executor
        client = nil
        let values = await withTaskGroup(of: Int.self) { group in
            for i in 0..<20 { group.addTask(executorPreference: executor) { i } }
            return await group.reduce(0, +)
        }
        #expect(values == (0..<20).reduce(0, +))
    }
}
