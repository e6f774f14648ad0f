import Foundation

/// Text written as one word of a POSIX shell command, for a command kb suggests that a user
/// pastes (`kb query 'claims where "writing"'`): as it is when every character is plain, else in
/// single quotes, a single quote inside written `'\''`. Double quotes would not do: a query's
/// search words are in double quotes themselves.
package enum ShellWord {
    package static func quoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./:@%+=,".unicodeScalars.contains(scalar))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
