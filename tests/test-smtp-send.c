/* test-smtp-send.c — SuratSmtpClient sending messages to a scripted fake
 * server: MAIL, RCPT, DATA and the final "." with each kind of reply,
 * pipelining, SIZE, 8BITMIME, SMTPUTF8, addresses, sessions
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "surat-smtp-test-fixture.h"

static const char * const to_bob[] = { BOB, NULL };
static const char * const to_three[] = { BOB, CAROL, DAVE, NULL };

/* --- a message sent -------------------------------------------------------- */

static void
test_send_simple (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autofree char *mail = mail_from_with_size (SIMPLE_MESSAGE);

  script_hello (f->fake, "SIZE 1000000\n8BITMIME\nENHANCEDSTATUSCODES");
  surat_fake_server_expect (f->fake, mail, "250 2.1.0 Sender OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" BOB ">", "250 2.1.5 Recipient OK\r\n");
  surat_fake_server_expect (f->fake, "DATA", "354 End data with <CR><LF>.<CR><LF>\r\n");
  surat_fake_smtp_expect_data (f->fake, "250 2.0.0 Ok: queued as 4F2C1\r\n");
  surat_fake_server_expect (f->fake, "QUIT", "221 2.0.0 Bye\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_true (do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error));
  g_assert_no_error (error);
  g_assert_true (do_simple (f, "QUIT", &error));
  assert_script_done (f);

  assert_message_received (f, 0, SIMPLE_MESSAGE);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_ACCEPTED);
  g_assert_cmpuint (report->recipients->len, ==, 1);
  assert_recipient (report, 0, BOB, TRUE, 250, "2.1.5", "Recipient OK");
  g_assert_cmpuint (report->reply->code, ==, 250);
  g_assert_cmpstr (report->reply->text, ==, "Ok: queued as 4F2C1");
  g_assert_false (report->eight_bit);
  g_assert_false (report->smtputf8);

  /* Without PIPELINING, every command waited for the reply before it. */
  commands = surat_fake_server_get_commands (f->fake);
  for (guint i = 0; i < commands->len; i++)
    g_assert_false (((SuratFakeCommand *) g_ptr_array_index (commands, i))->pipelined);
}

/* RFC 2920: MAIL and every RCPT in one go; with several recipients DATA
 * only once they are all accepted. */
static void
test_send_pipelining (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autofree char *sequence = NULL;
  static const gboolean ahead[] = { FALSE, TRUE, TRUE, TRUE, FALSE };

  script_hello (f->fake, "PIPELINING\nSIZE");
  /* A client that waits for each reply never gets past this. */
  surat_fake_server_wait_lines (f->fake, 4);
  surat_fake_server_expect (f->fake, "MAIL FROM:<" FROM "> SIZE=*", "250 2.1.0 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" BOB ">", "250 2.1.5 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" CAROL ">", "250 2.1.5 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" DAVE ">", "250 2.1.5 OK\r\n");
  surat_fake_server_expect (f->fake, "DATA", "354 Go ahead\r\n");
  surat_fake_smtp_expect_data (f->fake, "250 2.0.0 Queued\r\n");
  start (f);

  connect_ok (f);
  g_assert_true (do_send (f, to_three, SIMPLE_MESSAGE, &report, &error));
  g_assert_no_error (error);
  assert_script_done (f);
  assert_message_received (f, 0, SIMPLE_MESSAGE);
  for (guint i = 0; i < 3; i++)
    g_assert_true (((SuratSmtpRecipientResult *)
                    g_ptr_array_index (report->recipients, i))->accepted);

  commands = surat_fake_server_get_commands (f->fake);
  sequence = received_commands (f);
  g_assert_true (g_str_has_suffix (sequence, "RCPT TO:<" DAVE ">\nDATA"));
  for (guint i = 0; i < G_N_ELEMENTS (ahead); i++)
    g_assert_cmpint (((SuratFakeCommand *) g_ptr_array_index (commands, i + 1))->pipelined, ==,
                     ahead[i]);
}

/* With a single recipient, DATA goes in the pipeline too. */
static void
test_send_pipelining_one_recipient (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "PIPELINING");
  surat_fake_server_wait_lines (f->fake, 3);
  script_message (f->fake, "MAIL FROM:<" FROM ">", "RCPT TO:<" BOB ">", "250 2.0.0 Queued\r\n");
  start (f);

  connect_ok (f);
  g_assert_true (do_send (f, to_bob, SIMPLE_MESSAGE, NULL, &error));
  g_assert_no_error (error);
  assert_script_done (f);
  assert_message_received (f, 0, SIMPLE_MESSAGE);
}

/* --- refusals at each step ------------------------------------------------- */

typedef enum {
  AT_MAIL,
  AT_RCPT,
  AT_DATA,
  AT_FINAL_DOT,
} Step;

/* A message to Bob whose @step gets @c's reply and every step before it a
 * positive one; a NOOP then shows that the session goes on. */
static void
step_case (Fixture         *f,
           const ReplyCase *c,
           Step             step)
{
  static const char * const commands[] = { "MAIL FROM:<" FROM ">", "RCPT TO:<" BOB ">", "DATA" };
  static const char * const positive[] = {
    "250 2.1.0 OK\r\n", "250 2.1.5 OK\r\n", "354 Go ahead\r\n",
  };
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new ("EHLO " HELO);
  g_autofree char *sent = NULL;
  gboolean ok;

  script_hello (f->fake, NULL);
  for (Step s = AT_MAIL; s <= step && s < AT_FINAL_DOT; s++)
    {
      surat_fake_server_expect (f->fake, commands[s], s == step ? c->reply : positive[s]);
      g_string_append_printf (expected, "\n%s", commands[s]);
    }
  if (step == AT_FINAL_DOT)
    {
      surat_fake_smtp_expect_data (f->fake, c->reply);
    }
  else
    {
      /* RFC 5321 §4.1.1.5: the transaction we opened is reset. */
      surat_fake_server_expect (f->fake, "RSET", "250 2.0.0 OK\r\n");
      g_string_append (expected, "\nRSET");
    }
  surat_fake_server_expect (f->fake, "NOOP", "250 2.0.0 OK\r\n");
  g_string_append (expected, "\nNOOP");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  ok = do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error);
  assert_case_result (c, ok, error);

  /* The final reply decides: 2yz sent, anything else certainly not. */
  g_assert_cmpint (report->outcome, ==, c->code < 0 ? SURAT_SMTP_OUTCOME_ACCEPTED :
                                                      SURAT_SMTP_OUTCOME_NOT_SENT);
  if (step == AT_RCPT)
    g_assert_cmpuint (((SuratSmtpRecipientResult *)
                       g_ptr_array_index (report->recipients, 0))->code, ==, reply_code (c->reply));
  else
    g_assert_cmpuint (report->reply->code, ==, reply_code (c->reply));

  if (step == AT_FINAL_DOT)
    assert_message_received (f, 0, SIMPLE_MESSAGE);
  else
    g_assert_cmpuint (surat_fake_smtp_get_n_messages (f->fake), ==, 0);

  g_assert_true (do_simple (f, "NOOP", NULL));
  drop_client (f);
  assert_script_done (f);
  sent = received_commands (f);
  g_assert_cmpstr (sent, ==, expected->str);
}

static void
mail_case (Fixture         *f,
           const ReplyCase *c)
{
  step_case (f, c, AT_MAIL);
}

static void
test_mail_replies (void)
{
  static const ReplyCase cases[] = {
    { "451 4.3.0 Try again later\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 cannot take mail from " FROM " right now: "
      "451 4.3.0 Try again later" },
    { "553 5.7.1 Sender address rejected: not owned by user\r\n", SURAT_SMTP_ERROR_PERMANENT,
      "The server 127.0.0.1 refused the sender address " FROM ": "
      "553 5.7.1 Sender address rejected: not owned by user" },
    { "552 5.3.4 Message size exceeds fixed limit\r\n", SURAT_SMTP_ERROR_SIZE_EXCEEDED,
      "The server 127.0.0.1 refused the message as too large: "
      "552 5.3.4 Message size exceeds fixed limit" },
    { "530 5.7.0 Authentication required\r\n", SURAT_SMTP_ERROR_AUTH_REQUIRED,
      "The server 127.0.0.1 takes mail only after logging in: "
      "530 5.7.0 Authentication required" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), mail_case);
}

static void
rcpt_case (Fixture         *f,
           const ReplyCase *c)
{
  step_case (f, c, AT_RCPT);
}

static void
test_rcpt_replies (void)
{
  static const ReplyCase cases[] = {
    { "550 5.1.1 No such user\r\n", SURAT_SMTP_ERROR_RECIPIENTS_REFUSED,
      "The server 127.0.0.1 refused 1 of 1 recipient, so the message was not sent: "
      BOB " (550 5.1.1 No such user)" },
    { "450 4.7.1 Greylisted, try again in 5 minutes\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 cannot take 1 of 1 recipients right now, so the message was "
      "not sent: " BOB " (450 4.7.1 Greylisted, try again in 5 minutes)" },
    { "530 5.7.0 Authentication required\r\n", SURAT_SMTP_ERROR_AUTH_REQUIRED,
      "The server 127.0.0.1 refused 1 of 1 recipient, so the message was not sent: "
      BOB " (530 5.7.0 Authentication required)" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), rcpt_case);
}

/* One refused among three: nothing is sent, the refused one is named with
 * the server's words, the other two are reported accepted. With and
 * without pipelining. */
static void
one_refused_among_three_case (Fixture *f,
                              guint    pipelining)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *commands = NULL;

  script_hello (f->fake, pipelining ? "PIPELINING" : NULL);
  if (pipelining)
    surat_fake_server_wait_lines (f->fake, 4);
  surat_fake_server_expect (f->fake, "MAIL FROM:<" FROM ">", "250 2.1.0 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" BOB ">", "250 2.1.5 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" CAROL ">",
                            "550 5.1.1 <carol@example.org>: Recipient address rejected: "
                            "User unknown in local recipient table\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" DAVE ">", "250 2.1.5 OK\r\n");
  surat_fake_server_expect (f->fake, "RSET", "250 2.0.0 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_send (f, to_three, SIMPLE_MESSAGE, &report, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_RECIPIENTS_REFUSED);
  g_assert_cmpstr (error->message, ==,
                   "The server 127.0.0.1 refused 1 of 3 recipients, so the message was not "
                   "sent: " CAROL " (550 5.1.1 <carol@example.org>: Recipient address "
                   "rejected: User unknown in local recipient table)");
  g_assert_null (strstr (error->message, BOB));
  g_assert_null (strstr (error->message, DAVE));

  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  assert_recipient (report, 0, BOB, TRUE, 250, "2.1.5", "OK");
  assert_recipient (report, 1, CAROL, FALSE, 550, "5.1.1",
                    "<carol@example.org>: Recipient address rejected: User unknown in "
                    "local recipient table");
  assert_recipient (report, 2, DAVE, TRUE, 250, "2.1.5", "OK");

  drop_client (f);
  assert_script_done (f);
  commands = received_commands (f);
  g_assert_cmpstr (commands, ==,
                   "EHLO " HELO "\nMAIL FROM:<" FROM ">\nRCPT TO:<" BOB ">\n"
                   "RCPT TO:<" CAROL ">\nRCPT TO:<" DAVE ">\nRSET");
  g_assert_cmpuint (surat_fake_smtp_get_n_messages (f->fake), ==, 0);
}

static void
test_one_refused_among_three (void)
{
  for_each_fixture (2, one_refused_among_three_case);
}

static void
data_case (Fixture         *f,
           const ReplyCase *c)
{
  step_case (f, c, AT_DATA);
}

static void
test_data_replies (void)
{
  static const ReplyCase cases[] = {
    { "451 4.3.0 Mail server temporarily rejected message\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 refused to take the message (DATA): "
      "451 4.3.0 Mail server temporarily rejected message" },
    { "554 5.5.1 No valid recipients\r\n", SURAT_SMTP_ERROR_PERMANENT,
      "The server 127.0.0.1 refused to take the message (DATA): "
      "554 5.5.1 No valid recipients" },
    { "250 OK\r\n", SURAT_SMTP_ERROR_PROTOCOL,
      "The server 127.0.0.1 refused to take the message (DATA): 250 OK" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), data_case);
}

static void
final_case (Fixture         *f,
            const ReplyCase *c)
{
  step_case (f, c, AT_FINAL_DOT);
}

static void
test_final_replies (void)
{
  static const ReplyCase cases[] = {
    { "250 2.0.0 Ok: queued as 7A3F\r\n", -1, NULL },
    { "451 4.3.0 Error: queue file write error\r\n", SURAT_SMTP_ERROR_TRANSIENT,
      "The server 127.0.0.1 could not take the message now: "
      "451 4.3.0 Error: queue file write error" },
    { "554-5.7.1 Message rejected\r\n554 5.7.1 It looks like spam\r\n",
      SURAT_SMTP_ERROR_PERMANENT,
      "The server 127.0.0.1 refused the message: 554 5.7.1 Message rejected It looks like spam" },
    { "552 5.3.4 Message too big\r\n", SURAT_SMTP_ERROR_SIZE_EXCEEDED,
      "The server 127.0.0.1 refused the message: 552 5.3.4 Message too big" },
    { "550 5.3.4 Message size exceeds fixed maximum message size\r\n",
      SURAT_SMTP_ERROR_SIZE_EXCEEDED,
      "The server 127.0.0.1 refused the message: "
      "550 5.3.4 Message size exceeds fixed maximum message size" },
  };

  for_each_case (cases, G_N_ELEMENTS (cases), final_case);
}

/* With a single recipient DATA was pipelined: a refused RCPT and a server
 * that still says 354 get a "." alone, a message to nobody. */
static const char * const refused_rcpt_data_replies[] = {
  "354 Go ahead\r\n", "554 5.5.1 No recipients\r\n",
};

static void
pipelined_data_after_refused_rcpt_case (Fixture *f,
                                        guint    i)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = NULL;

  script_hello (f->fake, "PIPELINING");
  surat_fake_server_wait_lines (f->fake, 3);
  surat_fake_server_expect (f->fake, "MAIL FROM:<" FROM ">", "250 2.1.0 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" BOB ">", "550 5.1.1 No such user\r\n");
  surat_fake_server_expect (f->fake, "DATA", refused_rcpt_data_replies[i]);
  if (i == 0)
    surat_fake_smtp_expect_data (f->fake, "554 5.5.1 No valid recipients\r\n");
  surat_fake_server_expect (f->fake, "RSET", "250 2.0.0 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_RECIPIENTS_REFUSED);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  drop_client (f);
  assert_script_done (f);

  g_assert_false (surat_fake_server_received_contains (f->fake, "Hello Bob"));
  if (i == 0)
    {
      message = surat_fake_smtp_get_message (f->fake, 0);
      g_assert_cmpuint (g_bytes_get_size (message), ==, 0);
    }
}

static void
test_pipelined_data_after_refused_rcpt (void)
{
  for_each_fixture (G_N_ELEMENTS (refused_rcpt_data_replies),
                    pipelined_data_after_refused_rcpt_case);
}

/* --- SIZE, 8BITMIME, SMTPUTF8 ---------------------------------------------- */

/* RFC 1870: a message over the announced limit is refused by us, before
 * MAIL, naming both sizes. */
static void
test_size_over_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *commands = NULL;

  /* 100 lines of 18 characters: 2000 bytes with CRLF. */
  for (guint i = 0; i < 100; i++)
    g_string_append (content, "xxxxxxxxxxxxxxxxxx\n");

  script_hello (f->fake, "SIZE 1000\nPIPELINING");
  surat_fake_server_expect (f->fake, "NOOP", "250 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  g_assert_false (do_send (f, to_bob, content->str, &report, &error));
  g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_SIZE_EXCEEDED);
  g_assert_cmpstr (error->message, ==,
                   "The message is too large for the server 127.0.0.1: it is 2.0\xc2\xa0kB "
                   "(2000 bytes), and the server accepts at most 1.0\xc2\xa0kB (1000 bytes)");
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  g_assert_cmpuint (report->size, ==, 2000);

  g_assert_true (do_simple (f, "NOOP", NULL));
  drop_client (f);
  assert_script_done (f);
  commands = received_commands (f);
  g_assert_cmpstr (commands, ==, "EHLO " HELO "\nNOOP");
}

/* SIZE= counts CRLF line ends and not the stuffed dots; at the limit is
 * fine. */
static void
test_size_parameter (Fixture       *f,
                     gconstpointer  data)
{
  static const char content[] = "Subject: dots\n\n.\n..\n.x\nend";
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* 15 + 2 + 3 + 4 + 4 + 5 = 33 bytes; 36 go over the wire, stuffed. */
  script_hello (f->fake, "SIZE 33");
  script_message (f->fake, "MAIL FROM:<" FROM "> SIZE=33", "RCPT TO:<" BOB ">", "250 OK\r\n");
  start (f);

  connect_ok (f);
  g_assert_true (do_send (f, to_bob, content, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->size, ==, 33);
  assert_script_done (f);
  assert_message_received (f, 0, content);
}

#define EIGHT_BIT_MESSAGE \
  "Subject: =?UTF-8?Q?Caf=C3=A9?=\nContent-Type: text/plain; charset=UTF-8\n" \
  "Content-Transfer-Encoding: 8bit\n\nUn caf\xc3\xa9, s'il vous pla\xc3\xaet.\n"

/* What goes with MAIL and RCPT for a message, or why it cannot go. */
typedef struct {
  const char *extensions;
  const char *content;     /* NULL: SIMPLE_MESSAGE */
  const char *recipient;   /* NULL: Bob */
  const char *mail;        /* what MAIL must be; NULL: refused before it */
  const char *rcpt;        /* what RCPT must be; NULL: for Bob */
  int         code;        /* the refusal */
  const char *message;
} EnvelopeCase;

static void
envelope_case (Fixture            *f,
               const EnvelopeCase *c)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[] = { c->recipient != NULL ? c->recipient : BOB, NULL };
  const char *content = c->content != NULL ? c->content : SIMPLE_MESSAGE;
  gboolean ok;

  script_hello (f->fake, c->extensions);
  if (c->mail != NULL)
    script_message (f->fake, c->mail, c->rcpt != NULL ? c->rcpt : "RCPT TO:<" BOB ">",
                    "250 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  connect_ok (f);
  ok = do_send (f, recipients, content, &report, &error);
  if (c->mail != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      assert_message_received (f, 0, content);
      /* The report names the recipient as it was given. */
      assert_recipient (report, 0, recipients[0], TRUE, 250, "2.1.5", "OK");
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, SURAT_SMTP_ERROR, c->code);
      g_assert_cmpstr (error->message, ==, c->message);
    }
  g_assert_cmpint (report->eight_bit, ==, strstr (content, "\xc3") != NULL);
  g_assert_cmpint (report->smtputf8, ==, c->mail != NULL && strstr (c->mail, "SMTPUTF8") != NULL);

  drop_client (f);
  assert_script_done (f);
  if (c->mail == NULL)
    g_assert_false (surat_fake_server_received_contains (f->fake, "MAIL"));
}

#define EIGHT_BIT_REFUSED \
  "The message has 8-bit characters, and the server 127.0.0.1 does not accept them " \
  "(no 8BITMIME); it must be converted to 7 bit first"

/* RFC 6152: BODY=8BITMIME for an 8-bit message, nothing for a 7-bit one,
 * and a clear refusal when the server cannot take 8 bits. */
static const EnvelopeCase eight_bit_cases[] = {
  { "8BITMIME", EIGHT_BIT_MESSAGE, NULL, "MAIL FROM:<" FROM "> BODY=8BITMIME" },
  { "8BITMIME", NULL, NULL, "MAIL FROM:<" FROM ">" },
  { "PIPELINING", NULL, NULL, "MAIL FROM:<" FROM ">" },
  { "PIPELINING", EIGHT_BIT_MESSAGE, NULL, NULL, NULL,
    SURAT_SMTP_ERROR_8BITMIME_UNSUPPORTED, EIGHT_BIT_REFUSED },
};

static void
eight_bit_case (Fixture *f,
                guint    i)
{
  envelope_case (f, &eight_bit_cases[i]);
}

static void
test_8bitmime (void)
{
  for_each_fixture (G_N_ELEMENTS (eight_bit_cases), eight_bit_case);
}

/* RFC 6531: SMTPUTF8 when an address is not ASCII; without it, a domain
 * goes as A-labels and a local part cannot go at all. */
static const EnvelopeCase smtputf8_cases[] = {
  { "SMTPUTF8\n8BITMIME", NULL, "j\xc3\xb6rg@example.org", "MAIL FROM:<" FROM "> SMTPUTF8",
    "RCPT TO:<j\xc3\xb6rg@example.org>" },
  { "SMTPUTF8\n8BITMIME", NULL, "bob@b\xc3\xbc" "cher.example",
    "MAIL FROM:<" FROM "> SMTPUTF8", "RCPT TO:<bob@b\xc3\xbc" "cher.example>" },
  { "8BITMIME", NULL, "bob@b\xc3\xbc" "cher.example", "MAIL FROM:<" FROM ">",
    "RCPT TO:<bob@xn--bcher-kva.example>" },
  { "8BITMIME", NULL, "j\xc3\xb6rg@example.org", NULL, NULL,
    SURAT_SMTP_ERROR_SMTPUTF8_UNSUPPORTED,
    "The address j\xc3\xb6rg@example.org has characters beyond ASCII, and the server "
    "127.0.0.1 does not accept such addresses (no SMTPUTF8)" },
};

static void
smtputf8_case (Fixture *f,
               guint    i)
{
  envelope_case (f, &smtputf8_cases[i]);
}

static void
test_smtputf8 (void)
{
  for_each_fixture (G_N_ELEMENTS (smtputf8_cases), smtputf8_case);
}

/* Addresses that would inject commands, or are no addresses: refused
 * before anything is sent. */
static void
test_invalid_addresses (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const injected[] = { BOB "\r\nRCPT TO:<evil@example.org>", NULL };
  static const char * const bracketed[] = { "<" BOB ">", NULL };
  static const char * const nobody[] = { NULL };
  g_autoptr(GFile) file = NULL;

  script_hello (f->fake, NULL);
  script_message (f->fake, "MAIL FROM:<>", "RCPT TO:<" BOB ">", "250 OK\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);
  connect_ok (f);
  file = write_message (f, SIMPLE_MESSAGE);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SuratSmtpSendReport) report = NULL;
      const char *from = i == 3 ? FROM "\n" : FROM;
      const char * const *to = i == 0 ? injected : i == 1 ? bracketed : i == 2 ? nobody : to_bob;

      g_assert_false (do_send_file (f, from, to, file, SURAT_SMTP_SEND_NONE, NULL, &report,
                                    &error));
      g_assert_error (error, SURAT_SMTP_ERROR, SURAT_SMTP_ERROR_INVALID_ADDRESS);
      g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
    }

  /* The null reverse-path of RFC 5321 §4.5.5 is fine. */
  g_assert_true (do_send_file (f, "", to_bob, file, SURAT_SMTP_SEND_NONE, NULL, NULL, NULL));
  drop_client (f);
  assert_script_done (f);
  g_assert_false (surat_fake_server_received_contains (f->fake, "evil"));
}

static void
test_timeout_rcpt (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, NULL);
  surat_fake_server_expect (f->fake, "MAIL FROM:<" FROM ">", "250 OK\r\n");
  surat_fake_server_expect (f->fake, "RCPT TO:<" BOB ">", NULL);
  surat_fake_server_stall (f->fake);
  start_with (f, SURAT_SECURITY_NONE, 1);

  connect_ok (f);
  g_assert_false (do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  g_assert_false (surat_smtp_client_is_ready (f->client));
}

/* --- sessions --------------------------------------------------------------- */

/* Calls queue: two messages issued at once go one after the other. */
static void
test_two_messages_queued (Fixture       *f,
                          gconstpointer  data)
{
  static const char second[] = "Subject: second\n\nAgain.\n";
  g_autoptr(GFile) file1 = write_message (f, SIMPLE_MESSAGE);
  g_autoptr(GFile) file2 = write_message (f, second);
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) quit = NULL;
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, "PIPELINING");
  for (guint i = 0; i < 2; i++)
    {
      script_message (f->fake, "MAIL FROM:<" FROM ">", "RCPT TO:<" BOB ">", "250 OK\r\n");
    }
  surat_fake_server_expect (f->fake, "QUIT", "221 Bye\r\n");
  surat_fake_server_expect_close (f->fake);
  start (f);

  surat_smtp_client_connect_async (f->client, NULL, NULL, NULL);
  surat_smtp_client_send_async (f->client, FROM, to_bob, file1, SURAT_SMTP_SEND_NONE, NULL,
                                surat_test_result_cb, &result1);
  surat_smtp_client_send_async (f->client, FROM, to_bob, file2, SURAT_SMTP_SEND_NONE, NULL,
                                surat_test_result_cb, &result2);
  surat_smtp_client_quit_async (f->client, NULL, surat_test_result_cb, &quit);

  g_assert_true (surat_smtp_client_quit_finish (f->client, surat_test_wait_result (&quit),
                                                &error));
  g_assert_true (surat_smtp_client_send_finish (f->client, result1, NULL, &error));
  g_assert_true (surat_smtp_client_send_finish (f->client, result2, NULL, &error));
  g_assert_no_error (error);
  assert_script_done (f);
  assert_message_received (f, 0, SIMPLE_MESSAGE);
  assert_message_received (f, 1, second);
}

static void
test_send_not_connected (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  start (f);
  g_assert_false (do_send (f, to_bob, SIMPLE_MESSAGE, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
}

static void
test_send_missing_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "gone.eml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SuratSmtpSendReport) report = NULL;
  g_autoptr(GError) error = NULL;

  script_hello (f->fake, NULL);
  surat_fake_server_expect (f->fake, "NOOP", "250 OK\r\n");
  start (f);

  connect_ok (f);
  g_assert_false (do_send_file (f, FROM, to_bob, file, SURAT_SMTP_SEND_NONE, NULL, &report,
                                &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_error_contains (error, "The message could not be read, so it was not sent: ");
  g_assert_cmpint (report->outcome, ==, SURAT_SMTP_OUTCOME_NOT_SENT);
  g_assert_true (do_simple (f, "NOOP", NULL));
  assert_script_done (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/smtp/send/simple", test_send_simple);
  add_test ("/smtp/send/pipelining", test_send_pipelining);
  add_test ("/smtp/send/pipelining-one-recipient", test_send_pipelining_one_recipient);
  g_test_add_func ("/smtp/mail/each-class", test_mail_replies);
  g_test_add_func ("/smtp/rcpt/each-class", test_rcpt_replies);
  g_test_add_func ("/smtp/rcpt/one-refused-among-three", test_one_refused_among_three);
  g_test_add_func ("/smtp/data-command/each-class", test_data_replies);
  g_test_add_func ("/smtp/final-dot/each-class", test_final_replies);
  g_test_add_func ("/smtp/rcpt/pipelined-data-refused", test_pipelined_data_after_refused_rcpt);
  add_test ("/smtp/size/over-limit", test_size_over_limit);
  add_test ("/smtp/size/parameter", test_size_parameter);
  g_test_add_func ("/smtp/8bitmime", test_8bitmime);
  g_test_add_func ("/smtp/smtputf8", test_smtputf8);
  add_test ("/smtp/send/invalid-addresses", test_invalid_addresses);
  add_test ("/smtp/timeout/rcpt", test_timeout_rcpt);
  add_test ("/smtp/send/two-messages-queued", test_two_messages_queued);
  add_test ("/smtp/send/not-connected", test_send_not_connected);
  add_test ("/smtp/send/missing-file", test_send_missing_file);

  return g_test_run ();
}
