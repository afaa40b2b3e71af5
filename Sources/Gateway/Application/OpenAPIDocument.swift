import Foundation

/// The OpenAPI description served at `/openapi.yaml`. The canonical file is
/// `openapi/switchboard.yaml`; `Sources/Gateway/Resources/switchboard.yaml` is its copy in
/// the resource bundle (SwiftPM cannot copy files at build time), and a test keeps the two
/// byte-identical.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "switchboard", withExtension: "yaml", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "switchboard", withExtension: "yaml"),
              let data = try? Data(contentsOf: url) else {
            return Array("openapi: 3.1.0\ninfo: {title: Switchboard, version: '1'}\npaths: {}\n".utf8)
        }
        return [UInt8](data)
    }()
}
