import HTTPServer
import PBXCore

/// The body of `POST /phonebook` and `PUT /phonebook/{id}`.
enum ContactBody {
    static func parse(_ bytes: [UInt8]) throws(HTTPError) -> ContactInput {
        let body = try JSONBody(bytes, allowed: ["name", "firstName", "lastName", "company", "email", "numbers"])
        var numbers: [(type: ContactNumberType, number: String)] = []
        switch body.members["numbers"] {
        case nil, .null?: break
        case .array(let items)?:
            if items.count > 50 { throw .badRequest("Field 'numbers' holds more than 50 entries.") }
            for (i, item) in items.enumerated() {
                guard case .object(let o) = item else { throw .badRequest("numbers[\(i)] must be an object.") }
                if let unknown = o.keys.filter({ $0 != "type" && $0 != "number" }).sorted().first {
                    throw .badRequest("Unknown field 'numbers[\(i)].\(unknown.prefix(64))' (accepted: number, type).")
                }
                // Absent means `other`; an explicit null is not a type.
                let typeText = o["type"] == nil ? "other" : try JSONBody.string(o["type"], name: "numbers[\(i)].type", maxLength: 16)
                guard let typeText, let type = ContactNumberType(rawValue: typeText) else {
                    throw .badRequest("numbers[\(i)].type must be one of: \(ContactNumberType.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                guard let number = try JSONBody.string(o["number"], name: "numbers[\(i)].number", maxLength: 64) else {
                    throw .badRequest("numbers[\(i)].number is required.")
                }
                numbers.append((type, try JSONBody.phoneNumber(number, field: "numbers[\(i)].number")))
            }
        default: throw .badRequest("Field 'numbers' must be a list.")
        }
        let input = ContactInput(name: try body.string("name"), firstName: try body.string("firstName"),
                                 lastName: try body.string("lastName"), company: try body.string("company"),
                                 email: try body.string("email"), numbers: numbers)
        let names = [input.name, input.firstName, input.lastName, input.company].compactMap { $0 }
        guard names.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw .badRequest("A contact needs at least one of: name, firstName, lastName, company.")
        }
        return input
    }
}
