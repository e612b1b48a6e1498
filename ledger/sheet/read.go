package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"vol/ledger"
)

var headerNames = map[string]Column{
	"楼号": ColBuilding, "building": ColBuilding,
	"单元": ColUnit, "unit": ColUnit,
	"室号": ColRoom, "room": ColRoom,
	"地址": ColAddress, "address": ColAddress,
	"姓名": ColName, "name": ColName,
	"性别": ColSex, "sex": ColSex,
	"出生年月": ColBirth, "birth": ColBirth,
	"联系电话": ColPhone, "phone": ColPhone,
	"在住": ColPresent, "present": ColPresent,
	"身份": ColRole, "role": ColRole,
	"志愿者": ColVolunteer, "volunteer": ColVolunteer,
	"技能": ColSkills, "skills": ColSkills,
	"需求": ColNeeds, "needs": ColNeeds,
	"紧急联系人": ColEmergency, "emergency contact": ColEmergency,
	"备注": ColNotes, "notes": ColNotes,
}

// ReadCSV reads a register sheet in UTF-8 CSV.
func ReadCSV(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	cols := make([]Column, len(header))
	for i, h := range header {
		h = strings.ToLower(ledger.NormalizeText(strings.TrimPrefix(h, "\ufeff")))
		cols[i] = headerNames[h]
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		row := Row{Line: line, Fields: map[Column]string{}}
		for i, v := range rec {
			if i < len(cols) && cols[i] != ColNone {
				row.Fields[cols[i]] = ledger.NormalizeText(v)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

