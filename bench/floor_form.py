"""The floor for the screen page: the same Streamlit widgets, and none of Thin Slice.

No database, no rubric, no sidebar, no styling: only the elements the screen form
draws (three inputs, eleven segmented controls, a note, a date, a submit button,
a plain button, and an invisible bidirectional component: the page keeps its draft in
the browser through one, and its frontend is a chunk every first visitor loads).
What a browser needs to make this page usable is what Streamlit itself charges for
our form; the load test compares the real screen page with it. The component here
does nothing: what ours does on top of it is ours to pay for.
"""

import datetime as dt

import streamlit as st

ANSWERS = ["Hell yes", "Yes", "Unsure", "No", "Hell no"]

_nothing = st.components.v2.component("floor.nothing", js="export default function () {}")

st.title("Screen a prospect", anchor=False)
st.caption("The screen form's widgets, without the app around them.")
_nothing(key="floor-nothing", data={}, height=0)
with st.form("floor-form", border=False, enter_to_submit=False):
    st.markdown("#### The prospect")
    name, company, value = st.columns([3, 3, 2])
    name.text_input("Name (required)")
    company.text_input("Company")
    value.number_input("Deal value (€)", value=None, min_value=0.0, step=500.0, format="%.0f")
    st.markdown("#### 1 · Your gut, first")
    st.segmented_control("Gut call", options=["Hell yes", "Hell no"], label_visibility="collapsed")
    st.markdown("#### 2 · Ten thin slices")
    for number in range(1, 11):
        st.markdown(f"**{number}. Question {number}** — how does it look?", help="A hint.")
        st.segmented_control(f"Question {number}", options=ANSWERS, label_visibility="collapsed")
    st.markdown("#### 3 · Anything to remember")
    note, day = st.columns([3, 1])
    note.text_area("Private note", height=90)
    day.date_input("Screened on", value=dt.date.today(), format="YYYY-MM-DD")
    st.form_submit_button("Get the verdict", type="primary")
st.button("Discard draft", type="tertiary")
