import streamlit as st

from i18n import _, lazy_gettext
from services.capacity import PLAYBOOK, kept_week, to_end
from services.invoices import capacity
from ui import routes
from ui.capacity_view import (
    clients_table,
    figures,
    let_go_address,
    other_currencies,
    playbook_steps,
    playbook_title,
    summary,
    without_hours,
)
from ui.client_view import exit_message
from ui.portfolio import portfolio
from ui.shell import shell
from ui.text import md_escape

ctx = shell(lazy_gettext("Capacity"))

st.title(_("Capacity"), anchor=False)
st.caption(_("The hours a week your clients take, against the hours you can work."))

lines = portfolio(ctx.repo, ctx.rubric)
hours = capacity(ctx.repo)
week = kept_week(lines, hours)
plan = week.plan

if hours is None:
    st.info(
        _(
            "Set the hours a week you can work, and this page tells you whether your clients fit, and "
            "which relationships to end first when they do not."
        ),
        icon=":material/schedule:",
    )
    st.page_link(routes.SETTINGS, label=_("Set your capacity in Settings"), icon=":material/settings:")

if not plan.order:
    st.info(
        _(
            "No active client has hours a week set yet. Set them on each client's Invoices tab: how "
            "many hours a week the work takes."
        ),
        icon=":material/timer:",
    )
    st.stop()

figures(week)
summary(week)

picked = clients_table(lines, week, key="capacity.table")
if picked is not None:
    account_id, playbook_cell = picked
    address = let_go_address(account_id) if playbook_cell else {"account": str(account_id)}
    st.switch_page(routes.CLIENT, query_params=address)
other_currencies(week)
without_hours(week)

if plan.over > 0:
    ending = to_end(week)
    with st.expander(playbook_title(ctx.rubric), icon=":material/menu_book:"):
        playbook_steps(ctx.rubric)
        names = {load.account_id: load.name for load in ending}
        chosen = st.selectbox(
            _("Write to"),
            options=list(names),
            format_func=lambda account_id: names[account_id],
            key="capacity.write_to",
        )
        line = lines.line(chosen) if chosen is not None else None
        if line is not None:
            account = line.overview.account
            exit_message(account, PLAYBOOK, ctx.rubric)
            st.page_link(
                routes.CLIENT,
                label=_("Open {name} on the Let go tab").format(name=md_escape(account.name)),
                icon=":material/logout:",
                query_params=let_go_address(account.id),
            )
