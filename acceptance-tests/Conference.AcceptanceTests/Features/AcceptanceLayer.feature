@layer
Feature: Acceptance layer
  The layer's own self-test: these scenarios run through the same discovery, binding and browser
  machinery as the product features, so a broken layer shows here first.

  Background:
    Given the layer log is started

  Scenario: Cucumber expressions convert their parameters
    Given a tally of 5
    When I add 3 seats of type "Full conference" at 199.50
    And I add 2 seats of type 'Workshop' at 20
    Then the tally is 10
    And the last seat type is "Workshop"
    But the total price is 638.50

  Scenario: Regular expressions and words capture text
    Given the conference code is ab12-cd
    When the registrant Ann Lee pays by card
    Then the log reads "background, code ab12-cd, Ann Lee pays by card"

  Scenario: A data table becomes typed rows
    Given these seat types:
      | Name            | Price  | Quota |
      | Full conference | 500    | 100   |
      | Workshop        | 100.50 | 20    |
    Then there are 2 seat types with a total quota of 120
    And "Workshop" costs 100.50

  Scenario: A doc string reaches its step
    Given the e-mail body:
      """
      Dear registrant,
      your access code is ABC123.
      """
    Then the body has 2 lines and mentions "ABC123"

  Scenario Outline: An outline runs once per Examples row
    Given a tally of <start>
    When I add <added> seats of type "<type>" at 10
    Then the tally is <total>

    Examples:
      | start | added | type            | total |
      | 0     | 1     | Workshop        | 1     |
      | 5     | 15    | Full conference | 20    |

  @ignore
  Scenario: An ignored scenario is reported as skipped
    Given a step that no binding will ever match

  @browser
  Scenario: A registrant fills in a form in Chromium
    Given the form app is running
    When I open the form app
    And I enter "Ann O'Neil" as the name and 3 as the seats
    And I submit the form
    Then the page heading is "Registered"
    And the page says "Ann O'Neil has 3 seat(s)."
