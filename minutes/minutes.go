// Package minutes renders the signed minutes of an inspection (biên bản
// kiểm tra) as a PDF laid out like a Vietnamese administrative document
// under Decree 30/2020/NĐ-CP on văn thư: A4, the two-column title block with
// the issuing body and the national motto, the number and the place/date
// line, the title, the body, and the signature block.
//
// The package is pure: no database, no HTTP, no clock. The caller fills
// Minutes with strings already rendered for people (answers, severities,
// deadlines, the inspection window), and Render only lays them out. The only
// words of its own are the fixed wording of the law and of the form (the
// national motto, the labels: labels.go); they are not translatable UI.
package minutes

import "time"

// Minutes is one signed biên bản kiểm tra, ready to print. Every string is
// shown as given (after Unicode NFC normalisation), except those the layout
// shows in upper case, which the package upper-cases itself.
type Minutes struct {
	// Number is the document number without "Số:", e.g. "15/BB-ĐKT".
	// Required.
	Number string
	// Place is the place name of the place/date line, e.g. "Hà Nội".
	// Required.
	Place string
	// Date is the signing date, shown in Vietnam's time zone on the
	// place/date line as "Hà Nội, ngày 15 tháng 7 năm 2026" (days under 10
	// and months 1 and 2 with a leading zero, as Decree 30 writes them).
	// Required.
	Date time.Time
	// Authority is the issuing body's superior, shown upper case at the
	// upper left, e.g. "UBND thành phố Hà Nội". May be empty.
	Authority string
	// Issuer is the issuing body, shown upper case and bold under
	// Authority with a short rule below it, e.g. "Chi cục Dân số – KHHGĐ".
	// Required.
	Issuer string
	// Title is the document's name, shown centred, bold, upper case, e.g.
	// "Biên bản kiểm tra". Required.
	Title string
	// Subtitle is the summary line under the title (trích yếu), bold, e.g.
	// "Công tác Dân số – Kế hoạch hóa gia đình tại phường Ngọc Lâm".
	// May be empty.
	Subtitle string
	// Inspection is the inspection's name, e.g. "Kiểm tra công tác Dân số
	// năm 2026". May be empty.
	Inspection string
	// Window is when the team visited, as a phrase that follows "Thời gian
	// kiểm tra:", e.g. "từ ngày 10/7/2026 đến ngày 12/7/2026". May be
	// empty.
	Window string
	// Team lists the inspection team, lead first, in the order printed.
	Team []Person
	// Units holds the results for each inspected unit, in the order
	// printed.
	Units []UnitResult
	// Signer is who signs: the team lead. Name and Position are required;
	// the position is printed upper case and bold above the space for the
	// signature, the name bold below it.
	Signer Person
	// SignedAt is the instant the lead signed. It becomes the PDF's creation
	// date, so rendering the same minutes twice gives the same bytes; when
	// zero, Date is used.
	SignedAt time.Time
}

// Person is a member of the inspection team.
type Person struct {
	// Name is the person's full name, e.g. "Nguyễn Thị Hương".
	Name string
	// Position is their role on the team, e.g. "Trưởng đoàn", "Thành
	// viên".
	Position string
}

// UnitResult is what the team found at one inspected unit.
type UnitResult struct {
	// Unit is the unit's name as printed, e.g. "Phường Ngọc Lâm".
	Unit string
	// Score and MaxScore print as "Điểm: 42/50" (decimal comma, at most two
	// decimals). A MaxScore of zero or less means the checklist is not
	// scored, and no score line is printed.
	Score    float64
	MaxScore float64
	// Sections are the checklist's sections with their answers, printed as
	// one table.
	Sections []SectionResult
	// Findings are the shortcomings found (tồn tại, hạn chế); none prints
	// a line saying so.
	Findings []Finding
}

// SectionResult is one section of the checklist with its answered items.
type SectionResult struct {
	// Title is the section's title, e.g. "Công tác truyền thông".
	Title string
	// Items are the section's items in checklist order.
	Items []ItemResult
}

// ItemResult is one answered checklist item.
type ItemResult struct {
	// Text is the item as the checklist words it.
	Text string
	// Answer is the answer rendered for people: "Có", "Không", "Không áp
	// dụng", "4/5", a number, a text, the choices made.
	Answer string
	// Comment is the inspector's comment; may be empty.
	Comment string
}

// Finding is one shortcoming found at a unit, with its remediation deadline.
type Finding struct {
	// Severity is rendered for people: "Nghiêm trọng", "Trung bình",
	// "Nhẹ".
	Severity string
	// Description says what is wrong.
	Description string
	// Item is the text of the checklist item the finding is about; may be
	// empty.
	Item string
	// Deadline is the remediation deadline, rendered, e.g. "31/12/2026".
	Deadline string
}
