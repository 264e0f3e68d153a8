/* PrintInfo -> FAX_PRINT_INFOW, ContextInfo <-> FAX_CONTEXT_INFOW. */
#include "conv_fill.h"

int winfax_to_print_info(winfax_state *st, PyObject *rec, winfax_arena *arena,
                         FAX_PRINT_INFOW *out)
{
    if (!winfax_record_check(st, rec, REC_PRINT_INFO, "print_info"))
        return -1;
    memset(out, 0, sizeof *out);   /* Reserved must be NULL */
    out->SizeOfStruct = sizeof *out;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_doc_name, "PrintInfo.doc_name",
                            &out->DocName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_recipient_name,
                            "PrintInfo.recipient_name", &out->RecipientName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_recipient_number,
                            "PrintInfo.recipient_number", &out->RecipientNumber) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_sender_name, "PrintInfo.sender_name",
                            &out->SenderName) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_sender_company,
                            "PrintInfo.sender_company", &out->SenderCompany) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_sender_dept, "PrintInfo.sender_dept",
                            &out->SenderDept) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_sender_billing_code,
                            "PrintInfo.sender_billing_code", &out->SenderBillingCode) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_dr_email_address,
                            "PrintInfo.dr_email_address", &out->DrEmailAddress) < 0)
        return -1;
    if (winfax_field_to_str(arena, rec, PRINT_INFO_output_file_name,
                            "PrintInfo.output_file_name", &out->OutputFileName) < 0)
        return -1;
    return 0;
}

PyObject *winfax_from_context_info(winfax_state *st, const FAX_CONTEXT_INFOW *c)
{
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 1];
    PyObject *r = winfax_record_alloc(st, REC_CONTEXT_INFO);

    if (r == NULL)
        return NULL;
    /* An inline array the service fills: never trust it to be terminated. */
    memcpy(name, c->ServerName, sizeof name);
    name[MAX_COMPUTERNAME_LENGTH] = 0;
    if (winfax_record_fill(r, CONTEXT_INFO_hdc, PyLong_FromVoidPtr((void *)c->hDC)) < 0)
        goto fail;
    if (winfax_record_fill(r, CONTEXT_INFO_server_name, winfax_utf16_to_str(name)) < 0)
        goto fail;
    return r;
fail:
    Py_DECREF(r);
    return NULL;
}

int winfax_to_context_info(winfax_state *st, PyObject *rec, FAX_CONTEXT_INFOW *out)
{
    PyObject *name;
    WCHAR *w;
    size_t n = 0;

    if (!winfax_record_check(st, rec, REC_CONTEXT_INFO, "context"))
        return -1;
    memset(out, 0, sizeof *out);
    out->SizeOfStruct = sizeof *out;
    out->hDC = (HDC)PyLong_AsVoidPtr(winfax_record_value(rec, CONTEXT_INFO_hdc));
    if (out->hDC == NULL && PyErr_Occurred())
        return -1;
    name = winfax_record_value(rec, CONTEXT_INFO_server_name);
    if (name == Py_None)
        return 0;
    w = winfax_str_to_utf16(name, "ContextInfo.server_name");
    if (w == NULL)
        return -1;
    while (w[n])
        n++;
    if (n > MAX_COMPUTERNAME_LENGTH) {
        PyMem_Free(w);
        PyErr_Format(PyExc_ValueError,
                     "ContextInfo.server_name is at most %d characters",
                     MAX_COMPUTERNAME_LENGTH);
        return -1;
    }
    memcpy(out->ServerName, w, (n + 1) * sizeof(WCHAR));
    PyMem_Free(w);
    return 0;
}
