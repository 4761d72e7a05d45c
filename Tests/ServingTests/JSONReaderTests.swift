import Foundation
import Testing
@testable import Serving

/// The request reader: numbers and strings as JSON writes them, and errors that say where.
@Suite struct JSONReaderTests {
    func read<T>(_ text: String, _ body: (inout JSONReader) throws(ServingError) -> T) throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { (raw) throws -> T in
            var r = JSONReader(raw)
            return try body(&r)
        }
    }

    @Test(arguments: [
        ("0", JSONReader.Number.int(0)), ("-12", .int(-12)), ("9223372036854775807", .int(.max)),
        ("1.5", .double(1.5)), ("-0.001", .double(-0.001)), ("2e3", .double(2000)), ("1E-2", .double(0.01)),
        ("3.14159", .double(3.14159)), ("12345678901234567890", .double(12345678901234567890)),
        ("0.1234567890123456789", .double(0.1234567890123456789)), ("1e300", .double(1e300)), ("4.9e-324", .double(4.9e-324)),
    ])
    func numbersParseAsSwiftParsesThem(text: String, expected: JSONReader.Number) throws {
        #expect(try read(text) { (r) throws(ServingError) in try r.readNumber() } == expected)
    }

    @Test func decimalsMatchSwiftsParserBitForBit() throws {
        var seed: UInt64 = 42
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let value = Double(Int64(bitPattern: seed >> 11) % 2_000_000_000) / pow(10, Double(seed % 12))
            let text = "\(value)"
            let got = try read(text) { (r) throws(ServingError) in try r.readNumber() }.double
            #expect(got == Double(text)!, "\(text)")
        }
    }

    @Test func stringsDecodeEscapesAndUnicode() throws {
        let text = #""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 ü""#
        #expect(try read(text) { (r) throws(ServingError) in try r.readString() } == "a\"b\\c/d\n\té😀 ü")
    }

    @Test(arguments: [
        ("01", "malformed JSON at line 1, column 2: leading zero in a number"),
        ("-", "malformed JSON at the end (byte 1): expected a number"),
        ("1.", "malformed JSON at the end (byte 2): expected a digit after '.'"),
        ("\"abc", "malformed JSON at the end (byte 4): unterminated string"),
        ("\"a\\qb\"", "malformed JSON at line 1, column 4: invalid escape '\\q'"),
        ("\"a\nb\"", "malformed JSON at line 1, column 3: control character in a string"),
    ])
    func malformedScalarsSayWhere(text: String, message: String) {
        #expect(throws: ServingError.badRequest(message)) {
            try read(text) { (r) throws(ServingError) in
                if r.peekKind() == .string { _ = try r.readString() } else { _ = try r.readNumber() }
            }
        }
    }

    @Test func skipValueSkipsNestedValuesAndRefusesDeepNesting() throws {
        try read("{\"a\": [1, {\"b\": null}, true, \"x\"], \"c\": false} 7") { (r) throws(ServingError) in
            try r.skipValue()
            #expect(try r.readNumber() == .int(7))
            try r.expectEnd()
        }
        #expect(throws: ServingError.self) {
            try read(String(repeating: "[", count: 100)) { (r) throws(ServingError) in try r.skipValue() }
        }
    }
}
