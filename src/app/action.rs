//! Every command the user can give, by name. Keys reach these only through
//! the keymap, so a trainer's guided tour or a command palette can name the
//! same actions.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    PaneIntake,
    PanePlans,
    PaneGroups,
    PaneStays,
    PaneNotifications,
    PaneReports,
    NextPane,
    PrevPane,
    /// The find over every case, from any pane.
    FindCase,
    /// `sagsbord demo`: start the demo again from its start (asks first).
    ResetDemo,
    /// The command palette: every action of the screen by its name.
    Palette,
    /// Presentation mode on and off: the keys pressed shown, more contrast,
    /// no CPR number.
    TogglePresent,
    /// From a case's whole life: the part worked on in Indtag, Planer or
    /// Underretninger, opened there.
    OpenInIntake,
    OpenInPlans,
    OpenInNotifications,

    // Lists.
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,

    // The intake pane.
    ToggleMine,
    Search,
    ClearSearch,
    OpenCase,
    NewContact,
    StepBookVisitation,
    StepStartAssessment,
    StepOfferDoctor,
    StepDoctorHeld,
    StepFreeChoice,
    StepSpecialAssessment,
    StepStartTreatment,
    StepClose,
    /// A counted conversation (anonymous, advisory, relative's) on the open case.
    RegisterConversation,

    // The plans pane: the board of courses in treatment and the calls.
    OpenPlan,
    NewPlan,
    RevisePlan,
    EndCourse,
    ToggleFollowUps,
    CycleSort,
    ToggleEnded,
    RecordCall,
    // The complaints about decisions (Klager), a list over the board.
    ShowComplaints,
    NewComplaint,
    ComplaintReassess,
    ComplaintForward,
    ComplaintResult,

    // The plan view.
    PlanAsOf,
    PlanToday,
    ToggleHistory,
    PrevVersion,
    NextVersion,

    // The Underretninger pane (also uses OpenCase, ToggleMine, Search).
    ToggleFinished,
    OpenFamily,
    NewNotification,
    NotifyInform,
    NotifySend,
    NotifyReceipt,
    NotifyLaterInfo,
    NotifyCorrect,
    NotifyEdit,
    NotifyDiscard,
    ChildAdd,
    ChildChange,
    ChildEnd,
    RecordConsideration,
    AnswerChildren,

    // The case view.
    RevealCpr,
    /// Who looked at and changed the open case (a team leader's view).
    CaseHistory,
    /// Correct the open case's citizen (name, CPR, home, citizenship,
    /// gender) and the contact's family situation and income.
    ChangeCitizen,
    /// Correct the open case's own fields (consent given later, substances, note, ...).
    EditCase,
    /// Hand the open case to another counsellor.
    ReassignCase,
    /// Undo the open case's last step by a correcting event.
    UndoStep,
    Close,

    // The Døgn pane.
    NewStay,
    OpenStay,
    StayApprove,
    StayRefuse,
    StayStart,
    StayMidwayStatus,
    StayEnd,
    StayInterruptionReported,
    StayFinalStatus,
    StayAftercareStarted,
    OwnPayment,
    StayTotals,
    Providers,
    NewProvider,
    EditProvider,
    NewPrice,
    // Rapporter: the year's goals.
    NewGoal,
    EditGoal,
    // The Grupper pane: the group list.
    Open,
    NewGroup,
    RollCall,
    ShowCourses,
    ShowLedger,
    // One group.
    PlanSessions,
    CancelSession,
    MoveSession,
    AddMember,
    RemoveMember,
    // The roll call.
    MarkAttended,
    MarkCancelled,
    MarkNoShow,
    EnterSerial,
    // MOVE courses.
    NewCourse,
    IndividualSession,
    CorrectAttendance,
    HandOutCard,
    StartFollowUp,
    ResolveCard,
    // (Ending a MOVE course is `EndCourse`, as ending a course in Planer.)
    // The gift-card ledger.
    ReceiveCards,
    VoidCard,
    LoseCard,
    CorrectEntry,

    // Forms and text input.
    NextField,
    PrevField,
    Left,
    Right,
    Toggle,
    Backspace,
    Delete,
    Home,
    End,
    Submit,
    Cancel,

    /// In a user keymap: takes a default binding away.
    None,
}
