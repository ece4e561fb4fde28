//! The Døgn pane's state and actions: the list of stays, one stay's detail
//! with its cost breakdown and own payment, the totals, the providers, and
//! their forms. Costs are computed here when the data is loaded or changed,
//! never while drawing.

mod draw;
mod keys;

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::form::{Field, FieldId, FieldValue, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::dates;
use crate::domain::money::Ore;
use crate::domain::stay::overview::{interruption_report_due, midway_due};
use crate::domain::stay::provider::NewPrice;
use crate::domain::stay::{
    EndKind, NewStayField, NewStayInput, OwnPaymentField, OwnPaymentForm, PriceField, PriceInput, PriceUnit, Provider,
    ProviderField, ProviderInput, Service, StayFigures, StayStatus, StayStepField, StayStepInput, StayStepKind,
    StayTotals, figures, parse_own_payment, parse_price, parse_stay_step, totals, validate_new_stay, validate_provider,
};
use crate::store::{StayEvent, StayRow};
use crate::text;
use crate::ui::Theme;

/// What the pane shows under the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StaysMode {
    #[default]
    List,
    /// The cost per month, year and provider, and the forecast.
    Totals,
    Providers,
}

/// One stay as the list shows it, its figures computed at load.
#[derive(Debug, Clone)]
pub struct StayLine {
    pub row: StayRow,
    pub provider: String,
    pub figures: StayFigures,
}

/// An open stay: what the detail view shows.
#[derive(Debug, Clone)]
pub struct StayDetail {
    pub line: StayLine,
    pub provider: Option<Provider>,
    pub events: Vec<StayEvent>,
    pub midway_due: Option<NaiveDate>,
    pub report_due: Option<NaiveDate>,
    /// First line shown.
    pub scroll: usize,
}

/// The pane: its stays, providers and totals, the open stay and form.
#[derive(Debug, Default)]
pub struct StaysPane {
    pub mode: StaysMode,
    pub lines: Vec<StayLine>,
    pub selected: usize,
    pub providers: Vec<Provider>,
    pub provider_selected: usize,
    pub totals: Option<StayTotals>,
    /// First line shown of the totals.
    pub scroll: usize,
    pub detail: Option<StayDetail>,
    pub form: Option<ActiveForm<StaysForm>>,
}

/// Døgn's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaysForm {
    /// A recommendation for a new stay.
    NewStay,
    StayStep {
        stay_id: i64,
        kind: StayStepKind,
    },
    OwnPayment {
        stay_id: i64,
    },
    NewProvider,
    EditProvider {
        provider_id: i64,
    },
    NewPrice {
        provider_id: i64,
    },
}

impl StaysPane {
    pub fn selected_line(&self) -> Option<&StayLine> {
        self.lines.get(self.selected)
    }

    pub fn selected_provider(&self) -> Option<&Provider> {
        self.providers.get(self.provider_selected)
    }

    pub fn provider(&self, id: i64) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    fn move_by(&mut self, by: isize) {
        let (len, at) = match self.mode {
            StaysMode::List => (self.lines.len(), &mut self.selected),
            StaysMode::Providers => (self.providers.len(), &mut self.provider_selected),
            StaysMode::Totals => return,
        };
        *at = if len == 0 { 0 } else { (*at as isize).saturating_add(by).clamp(0, len as isize - 1) as usize };
    }
}

const STEP_FIELDS: [(StayStepField, FieldId); 4] = [
    (StayStepField::Date, "date"),
    (StayStepField::By, "by"),
    (StayStepField::Reason, "reason"),
    (StayStepField::ReportedOn, "reported_on"),
];

const NEW_STAY_FIELDS: [(NewStayField, FieldId); 8] = [
    (NewStayField::Case, "case"),
    (NewStayField::Provider, "provider"),
    (NewStayField::Services, "services"),
    (NewStayField::PlannedStart, "start"),
    (NewStayField::PlannedEnd, "end"),
    (NewStayField::RecommendedOn, "on"),
    (NewStayField::RecommendedBy, "by"),
    (NewStayField::Text, "text"),
];

const PROVIDER_FIELDS: [(ProviderField, FieldId); 7] = [
    (ProviderField::Name, "name"),
    (ProviderField::TilbudsportalenId, "tp"),
    (ProviderField::Contact, "contact"),
    (ProviderField::Fee, "fee"),
    (ProviderField::FeeWithinDays, "fee_days"),
    (ProviderField::FoodPerDay, "food"),
    (ProviderField::LodgingPerDay, "lodging"),
];

/// The own payment form's fixed expenses: field id and the name the
/// calculation shows.
const EXPENSES: [(FieldId, &str); 4] = [
    ("rent", text::stays::EXPENSE_RENT),
    ("child_support", text::stays::EXPENSE_CHILD_SUPPORT),
    ("debt", text::stays::EXPENSE_DEBT),
    ("other", text::stays::EXPENSE_OTHER),
];

fn field_of<F: PartialEq + Copy>(table: &[(F, FieldId)], field: F) -> FieldId {
    table.iter().find(|(f, _)| *f == field).map(|(_, id)| *id).unwrap_or(table[0].1)
}

fn own_payment_field_id(field: OwnPaymentField) -> FieldId {
    match field {
        OwnPaymentField::MonthlyIncome => "income",
        OwnPaymentField::FixedExpense(i) => EXPENSES.get(i).map(|(id, _)| *id).unwrap_or("income"),
        OwnPaymentField::FoodPerDay => "food",
        OwnPaymentField::LodgingPerDay => "lodging",
        OwnPaymentField::DaysInMonth => "days",
        OwnPaymentField::ToldOn => "told_on",
    }
}

fn amount_text(amount: Option<Ore>) -> String {
    amount.map(Ore::format_number_dk).unwrap_or_default()
}

fn yes_no() -> Vec<String> {
    vec![text::YES.to_string(), text::NO.to_string()]
}

impl StaysPane {
    /// Loads the pane's stays and providers and computes every figure, the
    /// totals included, keeping the selection on the same stay.
    pub fn reload_stays(&mut self, sh: &mut Shell) {
        let keep = self.selected_line().map(|l| l.row.stay.id);
        let loaded = sh.store.providers().and_then(|providers| {
            let rows = sh.store.pane_stays(sh.today)?;
            let for_totals = sh.store.stays_for_totals(sh.today.year())?;
            Ok((providers, rows, for_totals))
        });
        let (providers, rows, for_totals) = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                sh.set_status(StatusKind::Error, format!("{} {e}", text::stays::STAYS_NOT_LOADED));
                return;
            }
        };
        let policy = &sh.profile.stay;
        let today = sh.today;
        self.lines = rows
            .into_iter()
            .filter_map(|row| {
                let provider = providers.iter().find(|p| p.id == row.stay.provider_id)?;
                let figures = figures(&row.stay, provider, policy, today);
                Some(StayLine { provider: provider.name.clone(), figures, row })
            })
            .collect();
        // What needs acting on first: flagged stays, then by where they
        // are in their life, then by start.
        self.lines.sort_by_key(|l| {
            let rank = match l.figures.status {
                StayStatus::Running => 0,
                StayStatus::Approved => 1,
                StayStatus::Recommended => 2,
                StayStatus::Interrupted => 3,
                StayStatus::Ended => 4,
                StayStatus::Aftercare => 5,
                StayStatus::Refused => 6,
            };
            (l.figures.flags.is_empty(), rank, l.row.stay.start(), l.row.stay.id)
        });
        let pairs: Vec<_> = for_totals
            .iter()
            .filter_map(|s| providers.iter().find(|p| p.id == s.provider_id).map(|p| (s, p)))
            .collect();
        self.totals = Some(totals(&pairs, today));
        self.providers = providers;
        self.selected = keep
            .and_then(|id| self.lines.iter().position(|l| l.row.stay.id == id))
            .unwrap_or(self.selected.min(self.lines.len().saturating_sub(1)));
        self.provider_selected = self.provider_selected.min(self.providers.len().saturating_sub(1));
        self.refresh_stay_detail(sh);
    }

    pub(super) fn update_stays(&mut self, sh: &mut Shell, action: Action) {
        let page = sh.list_rows.max(2) as isize;
        let in_view = self.detail.is_some() || self.mode == StaysMode::Totals;
        match action {
            Action::Close => {
                if self.detail.take().is_none() {
                    self.mode = StaysMode::List;
                }
                self.scroll = 0;
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom if in_view => {
                let by: isize = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                // The view shows list_rows + 2 lines (no column titles);
                // scrolling stops when its last line is at the bottom.
                let last = draw::view_len(self, sh).saturating_sub(sh.list_rows + 2);
                let scroll = match &mut self.detail {
                    Some(d) => &mut d.scroll,
                    None => &mut self.scroll,
                };
                *scroll = (*scroll as isize).saturating_add(by).clamp(0, last as isize) as usize;
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            // Two screen rows a stay in the list.
            Action::PageUp => self.move_by(-page / 2),
            Action::PageDown => self.move_by(page / 2),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::OpenStay => {
                if let Some(id) = self.selected_line().map(|l| l.row.stay.id) {
                    self.open_stay(sh, id);
                }
            }
            Action::StayTotals => {
                self.detail = None;
                self.scroll = 0;
                self.mode = StaysMode::Totals;
            }
            Action::Providers => {
                self.detail = None;
                self.mode = StaysMode::Providers;
            }
            Action::NewStay => self.open_new_stay_form(sh),
            Action::StayApprove => self.open_stay_step_form(sh, StayStepKind::Approve),
            Action::StayRefuse => self.open_stay_step_form(sh, StayStepKind::Refuse),
            Action::StayStart => self.open_stay_step_form(sh, StayStepKind::Start),
            Action::StayMidwayStatus => self.open_stay_step_form(sh, StayStepKind::MidwayStatus),
            Action::StayEnd => self.open_stay_step_form(sh, StayStepKind::End),
            Action::StayInterruptionReported => self.open_stay_step_form(sh, StayStepKind::InterruptionReported),
            Action::StayFinalStatus => self.open_stay_step_form(sh, StayStepKind::FinalStatus),
            Action::StayAftercareStarted => self.open_stay_step_form(sh, StayStepKind::AftercareStarted),
            Action::OwnPayment => self.open_own_payment_form(sh),
            Action::NewProvider => self.open_provider_form(None),
            Action::EditProvider => {
                if let Some(p) = self.selected_provider().cloned() {
                    self.open_provider_form(Some(p));
                }
            }
            Action::NewPrice => self.open_price_form(sh),
            _ => {}
        }
    }

    /// Opens a stay's detail: recorded in the audit trail.
    fn open_stay(&mut self, sh: &mut Shell, id: i64) {
        match sh.store.view_stay(id).and_then(|row| Ok((row, sh.store.stay_events(id)?))) {
            Ok((row, events)) => self.show_stay_detail(sh, row, events),
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::stays::STAY_NOT_OPENED)),
        }
    }

    /// After a reload: the open stay again from the fresh list (the user is
    /// still looking at it, so this is no new look to audit).
    fn refresh_stay_detail(&mut self, sh: &mut Shell) {
        let Some(id) = self.detail.as_ref().map(|d| d.line.row.stay.id) else { return };
        match self.lines.iter().find(|l| l.row.stay.id == id).map(|l| l.row.clone()) {
            Some(row) => {
                let events = sh.store.stay_events(id).unwrap_or_default();
                self.show_stay_detail(sh, row, events);
            }
            None => self.detail = None,
        }
    }

    fn show_stay_detail(&mut self, sh: &mut Shell, row: StayRow, events: Vec<StayEvent>) {
        let id = row.stay.id;
        let Some(provider) = self.provider(row.stay.provider_id).cloned() else {
            sh.set_status(StatusKind::Error, text::stays::PROVIDER_GONE);
            return;
        };
        let figures = figures(&row.stay, &provider, &sh.profile.stay, sh.today);
        let scroll = self.detail.as_ref().filter(|d| d.line.row.stay.id == id).map_or(0, |d| d.scroll);
        self.detail = Some(StayDetail {
            midway_due: midway_due(&row.stay),
            report_due: interruption_report_due(&row.stay, &sh.profile.stay),
            line: StayLine { provider: provider.name.clone(), figures, row },
            provider: Some(provider),
            events,
            scroll,
        });
    }

    /// The stay a step acts on: the open stay, else the selected line.
    fn target_stay(&self) -> Option<&StayLine> {
        match &self.detail {
            Some(d) => Some(&d.line),
            None if self.mode == StaysMode::List => self.selected_line(),
            None => None,
        }
    }

    fn open_new_stay_form(&mut self, sh: &mut Shell) {
        if self.providers.is_empty() {
            sh.set_status(StatusKind::Warning, text::stays::NO_PROVIDERS_YET);
            return;
        }
        let names: Vec<String> = self.providers.iter().map(|p| p.name.clone()).collect();
        let mut services = Field::multi(
            "services",
            text::stays::F_STAY_SERVICES,
            Service::ALL.map(|s| text::stays::service(s).to_string()).to_vec(),
        )
        .with_hint(text::stays::HINT_SERVICES);
        // Start with what the first provider prices.
        if let (FieldValue::Multi { chosen, .. }, Some(p)) = (&mut services.value, self.providers.first()) {
            for (i, s) in Service::ALL.iter().enumerate() {
                chosen[i] = p.priced_services().contains(s);
            }
        }
        let fields = vec![
            Field::text("case", text::stays::F_STAY_CASE, "").with_hint(text::stays::HINT_STAY_CASE),
            Field::choice("provider", text::stays::F_PROVIDER, names, 0),
            services,
            Field::text("start", text::stays::F_PLANNED_START, "").with_hint(text::intake::HINT_DATE),
            Field::text("end", text::stays::F_PLANNED_END, "").with_hint(text::intake::HINT_DATE),
            Field::text("on", text::stays::F_RECOMMENDED_ON, &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
            Field::text("by", text::stays::F_RECOMMENDED_BY, &sh.user),
            Field::text("text", text::stays::F_RECOMMENDATION, "").with_hint(text::stays::HINT_RECOMMENDATION),
        ];
        let form = Form::new(text::stays::NEW_STAY_TITLE, fields);
        self.form = Some(ActiveForm { form, purpose: StaysForm::NewStay, warned: None });
    }

    fn open_stay_step_form(&mut self, sh: &mut Shell, kind: StayStepKind) {
        let Some(line) = self.target_stay() else {
            sh.set_status(StatusKind::Warning, text::stays::SELECT_STAY_FIRST);
            return;
        };
        let stay = &line.row.stay;
        let title = format!("{} · ophold {} · {}", text::stays::stay_step_title(kind), stay.id, line.row.citizen);
        let purpose = StaysForm::StayStep { stay_id: stay.id, kind };
        let mut fields = vec![
            Field::text("date", text::stays::stay_step_date_label(kind), &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
        ];
        if kind.asks_who() {
            fields.push(Field::text("by", text::stays::F_DECIDED_BY, text::stays::decider(sh.profile.stay.decided_by)));
        }
        if kind.needs_reason() {
            fields.push(Field::text("reason", text::intake::F_REASON, ""));
        }
        if kind.asks_end_kind() {
            fields.push(Field::choice(
                "end_kind",
                text::stays::F_END_KIND,
                EndKind::ALL.map(|k| text::stays::end_kind(k).to_string()).to_vec(),
                0,
            ));
            fields.push(
                Field::text("reported_on", text::stays::F_REPORTED_ON, "").with_hint(text::stays::HINT_REPORTED_ON),
            );
        }
        let mut form = Form::new(&title, fields);
        sync_stay_form(&mut form, purpose);
        self.form = Some(ActiveForm { form, purpose, warned: None });
    }

    fn open_own_payment_form(&mut self, sh: &mut Shell) {
        let Some(line) = self.target_stay() else {
            sh.set_status(StatusKind::Warning, text::stays::SELECT_STAY_FIRST);
            return;
        };
        if sh.profile.stay.amount_kept_per_month.is_none() {
            // No national figure exists: say so rather than invent one.
            sh.set_status(StatusKind::Error, text::stays::NO_AMOUNT_KEPT);
            return;
        }
        let stay = &line.row.stay;
        let provider = self.provider(stay.provider_id);
        let earlier = stay.own_payment.as_ref();
        let amount = |earlier: Option<Ore>, provider: Option<Ore>| amount_text(earlier.or(provider));
        let expense = |name: &str| {
            earlier
                .and_then(|t| t.input.fixed_expenses.iter().find(|(n, _)| n == name))
                .map(|(_, a)| a.format_number_dk())
                .unwrap_or_default()
        };
        let keeps = earlier.map(|t| t.input.keeps_own_home).unwrap_or(true);
        let days = earlier.map(|t| t.input.days_in_month).unwrap_or_else(|| dates::days_in_month(stay.start()));
        let mut fields = vec![
            Field::text("income", text::stays::F_INCOME, &amount_text(earlier.map(|t| t.input.monthly_income)))
                .with_hint(text::stays::HINT_AMOUNT),
        ];
        for (id, name) in EXPENSES {
            fields.push(Field::text(id, name, &expense(name)).with_hint(text::stays::HINT_EXPENSE));
        }
        fields.extend([
            Field::choice("keeps_home", text::stays::F_KEEPS_HOME, yes_no(), if keeps { 0 } else { 1 }),
            Field::text(
                "food",
                text::stays::F_FOOD_PER_DAY,
                &amount(earlier.map(|t| t.input.food_per_day), provider.and_then(|p| p.food_per_day)),
            )
            .with_hint(text::stays::HINT_PROVIDER_FIGURE),
            Field::text(
                "lodging",
                text::stays::F_LODGING_PER_DAY,
                &amount(earlier.map(|t| t.input.lodging_per_day), provider.and_then(|p| p.lodging_per_day)),
            )
            .with_hint(text::stays::HINT_PROVIDER_FIGURE),
            Field::text("days", text::stays::F_DAYS_IN_MONTH, &days.to_string())
                .with_hint(text::stays::HINT_DAYS_IN_MONTH),
            Field::text(
                "told_on",
                text::stays::F_TOLD_ON,
                &earlier.and_then(|t| t.told_on).map(dates::format_date_dk).unwrap_or_default(),
            )
            .with_hint(text::stays::HINT_TOLD_ON),
        ]);
        let title = format!("{} · ophold {} · {}", text::stays::OWN_PAYMENT_TITLE, stay.id, line.row.citizen);
        let purpose = StaysForm::OwnPayment { stay_id: stay.id };
        let mut form = Form::new(&title, fields);
        sync_stay_form(&mut form, purpose);
        self.form = Some(ActiveForm { form, purpose, warned: None });
    }

    fn open_provider_form(&mut self, existing: Option<Provider>) {
        let p = existing.as_ref();
        let fee = p.and_then(|p| p.terms.early_end_fee);
        let billed = |yes: bool| if yes { 0 } else { 1 };
        let fields = vec![
            Field::text("name", text::stays::F_PROVIDER_NAME, p.map_or("", |p| &p.name)),
            Field::text("tp", text::stays::F_TILBUDSPORTALEN, p.map_or("", |p| &p.tilbudsportalen_id)),
            Field::text("contact", text::stays::F_CONTACT, p.map_or("", |p| &p.contact)),
            Field::choice(
                "intake",
                text::stays::F_BILL_INTAKE,
                yes_no(),
                billed(p.is_none_or(|p| p.terms.bill_intake_day)),
            ),
            Field::choice(
                "discharge",
                text::stays::F_BILL_DISCHARGE,
                yes_no(),
                billed(p.is_some_and(|p| p.terms.bill_discharge_day)),
            ),
            Field::text("fee", text::stays::F_FEE, &amount_text(fee.map(|f| f.fee))).with_hint(text::stays::HINT_FEE),
            Field::text(
                "fee_days",
                text::stays::F_FEE_DAYS,
                &fee.map(|f| f.within_days.to_string()).unwrap_or_default(),
            ),
            Field::text("food", text::stays::F_FOOD_PER_DAY, &amount_text(p.and_then(|p| p.food_per_day)))
                .with_hint(text::stays::HINT_AMOUNT),
            Field::text("lodging", text::stays::F_LODGING_PER_DAY, &amount_text(p.and_then(|p| p.lodging_per_day)))
                .with_hint(text::stays::HINT_AMOUNT),
        ];
        let (title, purpose) = match p {
            Some(p) => (
                format!("{} · {}", text::stays::EDIT_PROVIDER_TITLE, p.name),
                StaysForm::EditProvider { provider_id: p.id },
            ),
            None => (text::stays::NEW_PROVIDER_TITLE.to_string(), StaysForm::NewProvider),
        };
        self.form = Some(ActiveForm { form: Form::new(&title, fields), purpose, warned: None });
    }

    fn open_price_form(&mut self, sh: &mut Shell) {
        let Some(p) = self.selected_provider() else {
            sh.set_status(StatusKind::Warning, text::stays::SELECT_PROVIDER_FIRST);
            return;
        };
        let fields = vec![
            Field::choice(
                "service",
                text::stays::F_SERVICE,
                Service::ALL.map(|s| text::stays::service(s).to_string()).to_vec(),
                0,
            ),
            Field::choice(
                "unit",
                text::stays::F_UNIT,
                PriceUnit::ALL.map(|u| text::stays::price_unit(u).to_string()).to_vec(),
                0,
            ),
            Field::text("amount", text::stays::F_PRICE, "").with_hint(text::stays::HINT_AMOUNT),
            Field::text("from", text::stays::F_VALID_FROM, &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
        ];
        let title = format!("{} · {}", text::stays::NEW_PRICE_TITLE, p.name);
        let purpose = StaysForm::NewPrice { provider_id: p.id };
        self.form = Some(ActiveForm { form: Form::new(&title, fields), purpose, warned: None });
    }

    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(purpose)) => self.submit_stays_form(sh, purpose),
            Some(FormEvent::Edited(purpose)) => {
                if let Some(active) = &mut self.form {
                    sync_stay_form(&mut active.form, purpose);
                }
            }
            _ => {}
        }
    }

    /// Submits one of the pane's forms.
    fn submit_stays_form(&mut self, sh: &mut Shell, purpose: StaysForm) {
        match purpose {
            StaysForm::NewStay => self.submit_new_stay(sh),
            StaysForm::StayStep { stay_id, kind } => self.submit_stay_step(sh, stay_id, kind),
            StaysForm::OwnPayment { stay_id } => self.submit_own_payment(sh, stay_id),
            StaysForm::NewProvider => self.submit_provider(sh, None),
            StaysForm::EditProvider { provider_id } => self.submit_provider(sh, Some(provider_id)),
            StaysForm::NewPrice { provider_id } => self.submit_price(sh, provider_id),
        }
    }

    /// A refused draft: the errors at their fields, the draft kept, nothing written.
    fn refuse_stay_draft(&mut self, sh: &mut Shell, errors: Vec<(FieldId, String)>, banner: Option<String>) {
        if let Some(active) = &mut self.form {
            for (id, message) in errors {
                active.form.set_error(id, message);
            }
            active.form.banner = Some(banner.unwrap_or_else(|| text::NOT_SAVED_FIX_FIELDS.into()));
            active.warned = None;
        }
        sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
    }

    fn stay_save_failed(&mut self, sh: &mut Shell, e: impl std::fmt::Display) {
        if let Some(active) = &mut self.form {
            active.form.banner = Some(format!("{} {e}", text::SAVE_FAILED));
        }
        sh.set_status(StatusKind::Error, format!("{} {e}", text::SAVE_FAILED));
    }

    fn submit_new_stay(&mut self, sh: &mut Shell) {
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        form.clear_errors();
        let providers = &self.providers;
        let input = NewStayInput {
            case_number: form.text("case"),
            provider_id: providers.get(form.choice("provider")).map(|p| p.id),
            services: form.chosen("services").into_iter().filter_map(|i| Service::ALL.get(i).copied()).collect(),
            planned_start: form.text("start"),
            planned_end: form.text("end"),
            recommended_on: form.text("on"),
            recommended_by: form.text("by"),
            text: form.text("text"),
        };
        let store = &sh.store;
        let mut lookup_error = None;
        let found = validate_new_stay(
            &input,
            |id| match store.find_case(id) {
                Ok(case) => case,
                Err(e) => {
                    lookup_error = Some(e);
                    None
                }
            },
            providers,
            sh.today,
        );
        if let Some(e) = lookup_error {
            return self.stay_save_failed(sh, e);
        }
        let stay = match found {
            Ok(stay) => stay,
            Err(problems) => {
                let errors = problems
                    .iter()
                    .map(|(f, p)| (field_of(&NEW_STAY_FIELDS, *f), text::stays::new_stay_problem(p)))
                    .collect();
                return self.refuse_stay_draft(sh, errors, None);
            }
        };
        match sh.store.recommend_stay(&stay) {
            Ok(id) => {
                self.form = None;
                self.mode = StaysMode::List;
                self.reload_stays(sh);
                if let Some(i) = self.lines.iter().position(|l| l.row.stay.id == id) {
                    self.selected = i;
                }
                sh.set_status(StatusKind::Info, format!("Ophold {id} er indstillet (sag {}).", stay.case_id));
            }
            Err(e) => self.stay_save_failed(sh, e),
        }
    }

    fn submit_stay_step(&mut self, sh: &mut Shell, stay_id: i64, kind: StayStepKind) {
        let Some(stay) = self.target_stay().map(|l| l.row.stay.clone()).filter(|s| s.id == stay_id) else {
            self.form = None;
            sh.set_status(StatusKind::Error, text::stays::STAY_GONE);
            return;
        };
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        form.clear_errors();
        let input = StayStepInput {
            kind: Some(kind),
            date: form.text("date"),
            by: form.text("by"),
            reason: form.text("reason"),
            interrupted: EndKind::ALL.get(form.choice("end_kind")) == Some(&EndKind::Interrupted),
            reported_on: form.text("reported_on"),
        };
        let step = match parse_stay_step(&input, &stay, sh.today) {
            Ok(step) => step,
            Err(problems) => {
                let errors = problems
                    .iter()
                    .map(|(f, p)| (field_of(&STEP_FIELDS, *f), text::stays::stay_step_problem(p)))
                    .collect();
                return self.refuse_stay_draft(sh, errors, None);
            }
        };
        match sh.store.record_stay_step(stay_id, &step) {
            Ok(_) => {
                self.form = None;
                self.reload_stays(sh);
                sh.set_status(
                    StatusKind::Info,
                    format!("{} · ophold {stay_id}: gemt.", text::stays::stay_step_title(kind)),
                );
            }
            Err(e) => self.stay_save_failed(sh, e),
        }
    }

    fn submit_own_payment(&mut self, sh: &mut Shell, stay_id: i64) {
        let amount_kept = sh.profile.stay.amount_kept_per_month;
        let today = sh.today;
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        form.clear_errors();
        let typed = OwnPaymentForm {
            monthly_income: form.text("income"),
            fixed_expenses: EXPENSES.iter().map(|(id, name)| (name.to_string(), form.text(*id))).collect(),
            keeps_own_home: form.choice("keeps_home") == 0,
            food_per_day: form.text("food"),
            lodging_per_day: form.text("lodging"),
            days_in_month: form.text("days"),
            told_on: form.text("told_on"),
        };
        let told = match parse_own_payment(&typed, amount_kept, today) {
            Ok(told) => told,
            Err(problems) => {
                let mut banner = None;
                let mut errors = Vec::new();
                for (field, p) in &problems {
                    match field {
                        Some(f) => errors.push((own_payment_field_id(*f), text::stays::own_payment_problem(p))),
                        None => banner = Some(text::stays::own_payment_problem(p)),
                    }
                }
                return self.refuse_stay_draft(sh, errors, banner);
            }
        };
        // The counsellor sees the result before it is saved as told:
        // Enter on the unchanged draft saves it.
        let print = fingerprint(form);
        if active.warned.as_ref() != Some(&print) {
            form.banner = Some(format!("{} {}", text::stays::own_payment_preview(&told), text::ENTER_AGAIN_TO_SAVE));
            active.warned = Some(print);
            sh.set_status(StatusKind::Info, text::stays::own_payment_preview(&told));
            return;
        }
        match sh.store.save_own_payment(stay_id, &told, today) {
            Ok(_) => {
                self.form = None;
                self.reload_stays(sh);
                if self.detail.is_none() {
                    self.open_stay(sh, stay_id);
                }
                sh.set_status(StatusKind::Info, format!("Egenbetaling · ophold {stay_id}: gemt."));
            }
            Err(e) => self.stay_save_failed(sh, e),
        }
    }

    fn submit_provider(&mut self, sh: &mut Shell, id: Option<i64>) {
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        form.clear_errors();
        let input = ProviderInput {
            name: form.text("name"),
            tilbudsportalen_id: form.text("tp"),
            contact: form.text("contact"),
            bill_intake_day: form.choice("intake") == 0,
            bill_discharge_day: form.choice("discharge") == 0,
            fee: form.text("fee"),
            fee_within_days: form.text("fee_days"),
            food_per_day: form.text("food"),
            lodging_per_day: form.text("lodging"),
        };
        let provider = match validate_provider(&input) {
            Ok(p) => p,
            Err(problems) => {
                let errors = problems
                    .iter()
                    .map(|(f, p)| (field_of(&PROVIDER_FIELDS, *f), text::stays::provider_problem(p)))
                    .collect();
                return self.refuse_stay_draft(sh, errors, None);
            }
        };
        let saved = match id {
            Some(id) => sh.store.update_provider(id, &provider).map(|_| id),
            None => sh.store.add_provider(&provider),
        };
        match saved {
            Ok(id) => {
                self.form = None;
                self.reload_stays(sh);
                if let Some(i) = self.providers.iter().position(|p| p.id == id) {
                    self.provider_selected = i;
                }
                sh.set_status(StatusKind::Info, format!("{}: gemt.", provider.name));
            }
            Err(e) => self.stay_save_failed(sh, e),
        }
    }

    fn submit_price(&mut self, sh: &mut Shell, provider_id: i64) {
        let Some(provider) = self.provider(provider_id).cloned() else {
            self.form = None;
            sh.set_status(StatusKind::Error, text::stays::PROVIDER_GONE);
            return;
        };
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        form.clear_errors();
        let input = PriceInput {
            service: Service::ALL[form.choice("service").min(Service::ALL.len() - 1)],
            unit: PriceUnit::ALL[form.choice("unit").min(PriceUnit::ALL.len() - 1)],
            amount: form.text("amount"),
            valid_from: form.text("from"),
        };
        let NewPrice { price, replaces } = match parse_price(&input, &provider) {
            Ok(new) => new,
            Err(problems) => {
                let errors = problems
                    .iter()
                    .map(|(f, p)| {
                        let id = match f {
                            PriceField::Amount => "amount",
                            PriceField::ValidFrom => "from",
                        };
                        (id, text::stays::price_problem(p))
                    })
                    .collect();
                return self.refuse_stay_draft(sh, errors, None);
            }
        };
        // Replacing a price is a correction: shown first, Enter again saves.
        if let Some(old) = replaces {
            let print = fingerprint(form);
            if active.warned.as_ref() != Some(&print) {
                let message = text::stays::price_replaces(&old);
                form.banner = Some(format!("{message} {}", text::ENTER_AGAIN_TO_SAVE));
                active.warned = Some(print);
                sh.set_status(StatusKind::Warning, message);
                return;
            }
        }
        match sh.store.set_price(provider_id, &price) {
            Ok(()) => {
                self.form = None;
                self.reload_stays(sh);
                sh.set_status(StatusKind::Info, format!("{}: prisen er gemt.", provider.name));
            }
            Err(e) => self.stay_save_failed(sh, e),
        }
    }
}

impl Pane for StaysPane {
    fn title(&self) -> &'static str {
        text::stays::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneStays
    }

    /// The steps stay live over an open stay, so a counsellor can act on
    /// what they read.
    fn screen(&self) -> &'static Screen {
        if self.detail.is_some() {
            return &keys::STAY;
        }
        match self.mode {
            StaysMode::List => &keys::LIST,
            StaysMode::Totals => &keys::TOTALS,
            StaysMode::Providers => &keys::PROVIDERS,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else {
            self.update_stays(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        draw::draw(frame, area, self, sh, theme);
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.reload_stays(sh);
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }
}

/// The form's current values, to tell whether the user changed the draft
/// after seeing its result or warning.
fn fingerprint(form: &Form) -> Vec<String> {
    form.fields.iter().map(|f| format!("{:?}", f.value)).collect()
}

/// Shows the fields that apply: the provider's report date only for an
/// interrupted stay, lodging only for a citizen who gives up their home.
fn sync_stay_form(form: &mut Form, purpose: StaysForm) {
    match purpose {
        StaysForm::StayStep { kind: StayStepKind::End, .. } => {
            let interrupted = EndKind::ALL.get(form.choice("end_kind")) == Some(&EndKind::Interrupted);
            form.set_hidden("reported_on", !interrupted);
        }
        StaysForm::OwnPayment { .. } => {
            form.set_hidden("lodging", form.choice("keeps_home") == 0);
        }
        _ => {}
    }
}
