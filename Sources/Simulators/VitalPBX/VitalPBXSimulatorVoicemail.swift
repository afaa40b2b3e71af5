import Foundation
import HTTPServer

// Voicemail: records per extension, delete / mark listened, and the recordings `recfile`
// points at on the web root.
extension VitalPBXSimulator {
    func installVoicemailRoutes(on router: inout Router) {
        route(&router, .GET, "/extensions/{id}/voicemail_records") { [self] _, p in
            let r = VitalPBXRecords(data: state.withLock { $0 }, settings: settings)
            guard let n = Self.int(p["id"]), let e = r.data.extensions.first(where: { $0.id == n }) else {
                throw Failure(status: 404, message: "Extension not found")
            }
            return Self.success(r.voicemailFolders(mailbox: r.data.mailbox(of: e)))
        }
        // DELETE removes the message; POST marks it listened (moves it to `Old`).
        route(&router, .DELETE, "/voicemail/{mailbox}/{folder}/{message}") { [self] _, p in
            try changeMessage(p, delete: true)
            return Self.success(NSNull(), message: "Voicemail deleted")
        }
        route(&router, .POST, "/voicemail/{mailbox}/{folder}/{message}") { [self] _, p in
            try changeMessage(p, delete: false)
            return Self.success(NSNull(), message: "Voicemail marked as listened")
        }
        route(&router, .GET, "/static/{hash}/voicemail/{box}/{folder}/{file}", atRoot: true) { [self] _, p in
            let audio: [UInt8]? = state.withLock { s in
                guard p["hash"] == s.staticHash, let file = p["file"], file.hasSuffix(".wav") else { return nil }
                let name = String(file.dropLast(4))
                return s.voicemails.first { $0.mailbox == p["box"] && $0.folder == p["folder"] && $0.name == name }?.audio
            }
            guard let audio else { return HTTPResponse.text("Not Found", status: .notFound, contentType: "text/html") }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "audio/x-wav"], body: audio)
        }
    }

    /// `{mailbox}` is the box number, optionally with its context (`100@vitalpbx-voicemail`).
    private func changeMessage(_ p: [String: String], delete: Bool) throws {
        let mailbox = p["mailbox"].map { String($0.split(separator: "@", maxSplits: 1).first ?? "") } ?? ""
        try state.withLock { s throws(Failure) in
            guard let i = s.voicemails.firstIndex(where: { $0.mailbox == mailbox && $0.folder == p["folder"] && $0.name == p["message"] }) else {
                throw Failure(status: 404, message: "Voicemail message not found")
            }
            if delete {
                s.voicemails.remove(at: i)
            } else if s.voicemails[i].folder != "Old" {
                let taken = Set(s.voicemails.filter { $0.mailbox == mailbox && $0.folder == "Old" }.map(\.name))
                s.voicemails[i].folder = "Old"
                s.voicemails[i].name = (0...).lazy.map { String(format: "msg%04d", $0) }.first { !taken.contains($0) }!
            }
        }
    }
}
