import Foundation
import HTTPServer
import Testing
import Yams
@testable import Gateway
import PBXCore

/// `openapi/switchboard.yaml` is the contract: valid OpenAPI 3.1, the same set of paths and
/// methods as the server's route table, served byte-for-byte at `/openapi.yaml`.
@Suite struct ContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let specPath = root.appendingPathComponent("openapi/switchboard.yaml").path

    static func spec() throws -> Node {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        return try #require(try Yams.compose(yaml: text))
    }

    @Test func routeTableEqualsTheSpecsPathsAndMethods() throws {
        let gateway = try InProcessGateway()
        let served = Set(gateway.application.routes.map { "\($0.method.rawValue) \($0.template)" })
        var specified: Set<String> = []
        let paths = try #require(try Self.spec()["paths"]?.mapping)
        for (path, item) in paths {
            for (method, _) in try #require(item.mapping) where ["get", "put", "post", "delete", "patch", "head", "options"].contains(method.string ?? "") {
                specified.insert("\(method.string!.uppercased()) \(path.string!)")
            }
        }
        #expect(served.subtracting(specified).sorted() == [], "served but not in the spec")
        #expect(specified.subtracting(served).sorted() == [], "in the spec but not served")
        #expect(!served.isEmpty)
    }

    @Test func everyReferenceResolvesAndEveryOperationDocumentsItsErrors() throws {
        let spec = try Self.spec()
        var refs: [String] = []
        func walk(_ node: Node) {
            switch node {
            case .mapping(let m):
                for (k, v) in m {
                    if k.string == "$ref", let r = v.string { refs.append(r) }
                    walk(v)
                }
            case .sequence(let s): s.forEach(walk)
            default: break
            }
        }
        walk(spec)
        #expect(refs.count > 100)
        for r in Set(refs) {
            #expect(r.hasPrefix("#/"), "\(r)")
            var node: Node? = spec
            for part in r.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
            #expect(node != nil, "unresolved \(r)")
        }
        for (path, item) in try #require(spec["paths"]?.mapping) where path.string?.hasPrefix("/v1/") == true {
            for (method, operation) in try #require(item.mapping) where method.string != "parameters" {
                let codes = Set(try #require(operation["responses"]?.mapping).keys.compactMap(\.string))
                #expect(codes.isSuperset(of: ["400", "401", "403"]), "\(method) \(path.string!)")
                if path.string!.hasPrefix("/v1/tenants/{tenant}/") {
                    #expect(codes.isSuperset(of: ["404", "501", "502", "503", "504"]), "\(method) \(path.string!)")
                }
            }
        }
    }

    @Test func specIsValidOpenAPI31() throws {
        // openapi-spec-validator (PyPI, installed by `make test`) checks the document against
        // the OpenAPI 3.1 schema, including every JSON Schema inside it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "openapi_spec_validator", "--schema", "3.1", Self.specPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }

    @Test func bundledCopyIsByteIdenticalAndServed() async throws {
        let canonical = try Data(contentsOf: URL(fileURLWithPath: Self.specPath))
        let bundled = try Data(contentsOf: Self.root.appendingPathComponent("Sources/Gateway/Resources/switchboard.yaml"))
        #expect(canonical == bundled, "copy openapi/switchboard.yaml to Sources/Gateway/Resources/")
        let served = try await InProcessGateway().get("/openapi.yaml", key: .some(nil))
        #expect(served.status == 200)
        #expect(Data(served.body) == canonical)
        #expect(served.header("Content-Type") == "application/yaml")
    }

    @Test func everyCapabilityIsInTheSpec() throws {
        let capabilities = try #require(Self.spec()["components"]?["schemas"]?["Capability"]?["enum"]?.sequence)
        #expect(capabilities.compactMap(\.string) == Capability.allCases.map(\.rawValue))
    }
}
