// hummingbird-reference PORT BODY_FILE
// Answers GET / with BODY_FILE's bytes as application/json on 127.0.0.1:PORT, with one
// event-loop thread: the same work nginx's `return 200` does in bench/gateway.bench.sh, done
// the way a Hummingbird 2 application does it (router, BasicRequestContext, Response).
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let body = FileManager.default.contents(atPath: arguments[2]) else {
    FileHandle.standardError.write(Data("usage: hummingbird-reference PORT BODY_FILE\n".utf8))
    exit(2)
}
// One buffer for every response: ByteBuffer is copy-on-write, so each answer shares it.
let bodyBuffer = ByteBuffer(bytes: body)

var logger = Logger(label: "hummingbird-reference")
logger.logLevel = .warning

let router = Router()
router.get("/") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: bodyBuffer))
}
let app = Application(
    router: router,
    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
    // One event loop, as the gateway runs with `loops: 1` and nginx with one worker.
    eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup(numberOfThreads: 1)),
    logger: logger
)
try await app.runService()
