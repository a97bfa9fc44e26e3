import streamlit as st

from i18n import _
from ui import routes
from ui.scorecard import account_from_query, account_heading, assessment_from_query, result_of
from ui.screen_form import after_submit, reset, screen_form
from ui.shell import shell
from ui.verdict import verdict_panel

ctx = shell("Screen a prospect")

done = assessment_from_query(ctx.repo)
if done is not None:
    saved = ctx.repo.account(done.account_id)
    account_heading(saved)
    verdict_panel(ctx.rubric, done.assessment.answers, result_of(ctx.rubric, done), done.assessment.note)
    st.success(_("Saved. You will find it under Prospects."), icon=":material/check_circle:")
    after_submit(done.id)
    again, card, everything = st.columns(3)
    with again:
        if st.button(
            _("Screen another prospect"), type="primary", icon=":material/add:", key="screen.another"
        ):
            reset("new")
            reset(str(saved.id))
            st.query_params.clear()
            st.rerun()
    with card:
        st.page_link(
            routes.SCORECARD,
            label=_("Open the scorecard"),
            icon=":material/badge:",
            query_params={"account": str(saved.id)},
        )
    with everything:
        st.page_link(routes.PROSPECTS, label=_("All prospects"), icon=":material/list:")
else:
    account = account_from_query(ctx.repo)
    if account is None:
        st.title(_("Screen a prospect"), anchor=False)
        st.caption(
            _(
                "Two minutes: your gut first, then ten one-click questions. Unless it's a hell yes, it's a hell no."
            )
        )
    else:
        st.caption(_("Re-screen"))
        account_heading(account)
        st.caption(_("Answer again for what you know now; the earlier screen stays in the history."))
    screen_form(ctx.repo, ctx.rubric, account)
