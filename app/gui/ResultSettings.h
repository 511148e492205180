#pragma once
// Where the AI's results go (Preferences > General > AI results): whether every result is sent to
// the PACS nodes marked "AI results" without being asked, and whether a reader's verdict also sends
// a verified report signed by the reader. Both off by default: nothing leaves the workstation
// unless the user says so. Stored under "results/" (QSettings).

namespace pulmo::app {

struct ResultSettings {
    bool sendAutomatically = false;
    bool verifiedReports = false;

    static ResultSettings load();
    void save() const;
};

}  // namespace pulmo::app
