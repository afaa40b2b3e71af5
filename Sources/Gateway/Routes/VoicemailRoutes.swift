import HTTPServer
import PBXCore

/// `/v1/tenants/{tenant}/voicemail/boxes…`: boxes, messages, audio, delete.
struct VoicemailRoutes {
    let environment: RouteEnvironment
    static let base = "/v1/tenants/{tenant}/voicemail/boxes"

    func register(on router: inout Router) {
        let env = environment
        let message = Self.base + "/{boxId}/messages/{messageId}"
        router.wholeList(Self.base, .voicemailBoxes, env, parse: { _ in },
                         fetch: { adapter, _, context in try await adapter.voicemailBoxes(context: context) },
                         write: { $0.voicemailBox($1, raw: $2) })
        router.wholeList(Self.base + "/{boxId}/messages", .voicemailMessages, env,
                         parse: { try $0.parameter("boxId") },
                         fetch: { try await $0.voicemailMessages(boxID: $1, context: $2) },
                         write: { $0.voicemailMessage($1, raw: $2) })
        router.item(message, .voicemailMessages, env,
                    parse: { r in (box: try r.parameter("boxId"), id: try r.parameter("messageId")) },
                    fetch: { try await $0.voicemailMessage(boxID: $1.box, messageID: $1.id, context: $2) },
                    write: { $0.voicemailMessage($1, raw: $2) })
        // A read, but with no query parameters and a binary answer.
        router.action(.GET, message + "/audio", .voicemailAudio, env,
                      parse: { r in (box: try r.parameter("boxId"), id: try r.parameter("messageId")) },
                      perform: { adapter, p, pbx in
                          let audio = try await adapter.voicemailAudio(boxID: p.box, messageID: p.id, context: pbx)
                          let type = Self.isSafeContentType(audio.contentType) ? audio.contentType : "audio/wav"
                          return HTTPResponse(status: .ok, headers: ["Content-Type": type], body: audio.bytes)
                      })
        router.action(.DELETE, message, .voicemailDelete, env,
                      parse: { r in (box: try r.parameter("boxId"), id: try r.parameter("messageId")) },
                      perform: { adapter, p, pbx in
                          try await adapter.deleteVoicemailMessage(boxID: p.box, messageID: p.id, context: pbx)
                          return Responses.noContent()
                      })
    }

    /// Only `audio/*` types pass through: a vendor cannot make us serve HTML.
    static func isSafeContentType(_ type: String) -> Bool {
        type.lowercased().hasPrefix("audio/") && type.count <= 100
            && type.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f }
    }
}
